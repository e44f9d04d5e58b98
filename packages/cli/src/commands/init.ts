import { closeSync, constants, existsSync, lstatSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { fileGlobs, schemaKinds, schemaUrl } from '@interop-design/schema';
import type { SchemaKind } from '@interop-design/schema';
import { printable } from '@interop-design/report';
import { ExitCode, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { findRepoRoot } from '../io.js';

const header = (kind: SchemaKind): string => `# yaml-language-server: $schema=${schemaUrl(kind)}\n`;

function scaffold(name: string): Record<string, string> {
  return {
    'interop-design.yaml': `${header('manifest')}name: ${JSON.stringify(name)}
description: What this integration achieves, in a sentence or two.
systems:
  source: { name: Source system, type: other }
  openfn: { name: OpenFn, type: openfn }
  destination: { name: Destination system, type: other }
lint:
  extends: recommended
`,
    'stories.yaml': `${header('stories')}stories:
  - id: US-1
    asA: programme manager
    iWant: records entered in the source system to appear in the destination system
    soThat: I can report on them without entering them twice
    systems: [source, destination]
    priority: must
    status: draft
    acceptance:
      - Given a new record in the source, when it is saved, then it is in the destination within 15 minutes
`,
    'requirements.yaml': `${header('requirements')}# Example answers, to replace with what you find out. While an answer is not known yet,
# write \`unknown\`: lint lists every unknown answer as a warning to resolve.
purpose:
  problem: Staff enter every record twice, once in each system
  efficiency: Records reach the destination within 15 minutes, with no second entry
resources:
  - { system: destination, resource: Record, operations: [create, update], rule: Every new source record becomes a destination record }
direction: one-way
systemOfRecord: source
volume:
  - { count: 100, per: day, of: records }
frequency: real-time
triggers: [{ type: event, system: source, event: record saved }]
changeLikelihood:
  level: low
capacity:
  technical: medium
  ongoingSupport: { available: true, by: The integration team }
  selfManage: undecided
  sysadmin: part-time
  jsonJavascript: basic
apiDocs:
  - { system: destination, url: "https://example.org/destination-api-docs" }
sampleData:
  - sampleData/source-records.ndjson
`,
    'flows/record-saved.flow.yaml': `${header('flow')}id: record-saved
title: A record is saved in the source system
stories: [US-1]
trigger: { type: event, system: source, event: record saved }
lanes:
  - { id: source, kind: system }
  - { id: openfn, kind: system }
  - { id: destination, kind: system }
steps:
  - { id: send, lane: source, actor: system, action: Sends the record to the webhook, next: [upsert] }
  - id: upsert
    lane: openfn
    actor: system
    action: Upserts the record in the destination by its source id
    mapping: source-destination-record
    next:
      - { to: stored, on: success }
      - { to: alert, on: failure }
  - { id: alert, lane: openfn, actor: system, action: Emails the administrator with the error }
  - { id: stored, lane: destination, actor: system, action: The record is available for reporting }
`,
    'mappings/source-destination-record.mapping.yaml': `${header('mapping')}id: source-destination-record
title: Source record -> destination record
version: 0.1.0
status: draft
flows: [record-saved]
source:
  system: source
  resource: record
  samples: [{ file: sampleData/source-records.ndjson }]
destination:
  system: destination
  resource: Record
  operation: upsert
  key: { source: id, destination: Source_ID }
fields:
  - source: { path: id, type: string }
    destination: { path: Source_ID, type: string, required: true }
    status: new
changelog:
  - { version: 0.1.0, changes: First draft }
`,
    'sampleData/README.md': 'Put exported records here (JSON or NDJSON). Never commit real personal data or credentials.\n',
    'sampleData/source-records.ndjson': '{"id": "SRC-0001"}\n{"id": "SRC-0002"}\n',
  };
}

/** The first existing entry below `root` on the way down to `file` (included) that is a symbolic link. */
function symlinkOnPath(root: string, file: string): string | undefined {
  const rel = path.relative(root, file);
  const parts = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep) : [];
  let at = root;
  for (const part of parts) {
    at = path.join(at, part);
    try {
      if (lstatSync(at).isSymbolicLink()) return at;
    } catch {
      return undefined; // Not there yet: nothing below it exists either.
    }
  }
  return undefined;
}

/**
 * Writes `text` to `file`, never through a symbolic link: the folders on the way were checked by
 * `symlinkOnPath`, and O_NOFOLLOW refuses a link put in place of the file since.
 */
function writeNoFollow(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o666);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/** Adds the schema globs to .vscode/settings.json, keeping whatever else is there. */
function editorSettings(root: string, projectRel: string): { file: string; written: boolean; reason?: string } {
  const file = path.join(root, '.vscode', 'settings.json');
  const link = symlinkOnPath(root, file);
  if (link) return { file, written: false, reason: `${link} is a symbolic link, which init does not write through; add the yaml.schemas entries by hand` };
  let settings: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      return { file, written: false, reason: 'it is not plain JSON (comments?); add the yaml.schemas entries by hand' };
    }
  }
  const prefix = projectRel ? `${projectRel}/` : '';
  const yamlSchemas = { ...((settings['yaml.schemas'] as Record<string, unknown> | undefined) ?? {}) };
  const jsonSchemas = Array.isArray(settings['json.schemas']) ? [...(settings['json.schemas'] as unknown[])] : [];
  for (const kind of schemaKinds) {
    const globs = fileGlobs[kind].map((g) => `${prefix}**/${g}`);
    yamlSchemas[schemaUrl(kind)] = [...new Set([...((yamlSchemas[schemaUrl(kind)] as string[] | undefined) ?? []), ...globs.filter((g) => !g.endsWith('.json'))])];
    const jsonGlobs = globs.filter((g) => g.endsWith('.json'));
    if (!jsonSchemas.some((s) => (s as { url?: string }).url === schemaUrl(kind))) jsonSchemas.push({ fileMatch: jsonGlobs, url: schemaUrl(kind) });
  }
  settings['yaml.schemas'] = yamlSchemas;
  settings['json.schemas'] = jsonSchemas;
  writeNoFollow(file, JSON.stringify(settings, null, 2) + '\n');
  return { file, written: true };
}

/** `interop-design init [dir]`: a minimal valid design project and editor schema settings. */
export function initCommand(io: CliIo, dir: string | undefined, options: { force?: boolean }): number {
  const target = path.resolve(io.cwd, dir ?? '.');
  if (existsSync(path.join(target, 'interop-design.yaml')) && !options.force) {
    throw new UsageError(`${dir ?? '.'} already holds interop-design.yaml: use --force to overwrite the scaffold files`);
  }
  const files = scaffold(path.basename(target) || 'integration');
  // A symbolic link on the way (a committed `flows -> /elsewhere`, a `interop-design.yaml` pointing
  // at a file of the user's) would send the scaffold outside the project: refuse before writing.
  const root = findRepoRoot(target);
  for (const rel of Object.keys(files)) {
    const link = symlinkOnPath(root, path.join(target, rel));
    if (link) throw new UsageError(`${printable(path.relative(io.cwd, link) || link)} is a symbolic link: init does not write through links. Remove it, or choose another folder`);
  }
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(target, rel);
    if (existsSync(file) && !options.force) continue;
    writeNoFollow(file, text);
  }
  const projectRel = path.relative(root, target).split(path.sep).join('/');
  const editor = editorSettings(root, projectRel);
  io.stdout(`Created a design project in ${printable(path.relative(io.cwd, target) || '.')}: ${Object.keys(files).join(', ')}\n`);
  io.stdout(editor.written ? `Mapped the design-file globs to their schemas in ${printable(path.relative(io.cwd, editor.file))} (YAML extension: redhat.vscode-yaml).\n` : `Left ${printable(editor.file)} alone: ${editor.reason ?? ''}\n`);
  io.stdout('Next: interop-design lint\n');
  return ExitCode.ok;
}
