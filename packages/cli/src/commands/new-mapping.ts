import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { canonicalPath, familyFieldType, loadCatalogue, recordResources, resourcesNamed, structureOf, systemCatalogue } from '@interop-design/metadata';
import type { CatalogueField, CatalogueResource, Choice } from '@interop-design/metadata';
import { ExitCode, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { loadForCommand } from './lint.js';

export interface NewMappingOptions {
  source: string;
  destination: string;
  id?: string;
  force?: boolean;
}

const designType = familyFieldType;

/** `system:resource` split at the first colon. */
function endOf(text: string, flag: string): { system: string; resource: string } {
  const i = text.indexOf(':');
  if (i <= 0 || i === text.length - 1) throw new UsageError(`${flag} takes <system>:<resource>, for example salesforce:Patient__c`);
  return { system: text.slice(0, i), resource: text.slice(i + 1) };
}

/** A name compared loosely: last path segment, no `__c`, letters and digits only, lower case. */
function loose(text: string): string {
  const last = canonicalPath(text).split(/[./]/u).pop() ?? text;
  return last.replace(/__c$/iu, '').replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
}

const q = (s: string): string => JSON.stringify(s);

function matchChoices(from: readonly Choice[], to: readonly Choice[]): Map<string, string> | undefined {
  const map = new Map<string, string>();
  for (const c of from) {
    const hit = to.find((t) => t.active && [t.value, t.label].some((x) => x !== undefined && (loose(x) === loose(c.value) || (c.label !== undefined && loose(x) === loose(c.label)))));
    if (!hit) return undefined;
    map.set(c.value, hit.value);
  }
  return map;
}

/** The best source field for a destination field: same name, or same label, loosely. */
function suggestSource(sources: readonly CatalogueField[], dest: CatalogueField): CatalogueField | undefined {
  const names = [dest.path, ...(dest.label ? [dest.label] : [])].map(loose);
  const prefix = (a: string, b: string): boolean => Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a));
  return (
    sources.find((s) => names.includes(loose(s.path))) ??
    sources.find((s) => s.label !== undefined && names.includes(loose(s.label))) ??
    // `Phone__c` and `phone_number`: one name starts the other.
    sources.find((s) => names.some((n) => prefix(n, loose(s.path))))
  );
}

/**
 * `interop-design new mapping --source sys:res --destination sys:res [--id] [dir]`: writes a mapping
 * spec from the catalogue, every writable destination field (required first) with `status: new`.
 */
export async function newMappingCommand(io: CliIo, dir: string, options: NewMappingOptions): Promise<number> {
  const source = endOf(options.source, '--source');
  const destination = endOf(options.destination, '--destination');
  const { root, result } = loadForCommand(io, [dir]);
  const project = result.projects[0];
  if (!project) throw new UsageError(`no design project at ${dir}`);
  for (const end of [source, destination]) {
    if (!project.index.systems.has(end.system)) throw new UsageError(`unknown system "${end.system}": declare it in ${project.manifest.file} (declared: ${[...project.index.systems.keys()].join(', ')})`);
  }
  const catalogue = await loadCatalogue(project);
  const dstSystem = systemCatalogue(catalogue, destination.system);
  if (!dstSystem) throw new UsageError(`${destination.system} has no metadata: export it and name it under systems.${destination.system}.metadata (docs/metadata.md)`);
  const dstResources = resourcesNamed(dstSystem, destination.resource);
  if (!dstResources.length) throw new UsageError(`"${destination.resource}" names nothing in the ${destination.system} metadata (known: ${[...new Set(dstSystem.resources.map((r) => r.id))].slice(0, 12).join(', ')})`);
  const srcSystem = systemCatalogue(catalogue, source.system);
  const srcResources: CatalogueResource[] = srcSystem ? resourcesNamed(srcSystem, source.resource) : [];
  const sources = srcResources.flatMap((r) => [...r.fields.values()]);

  const writable = recordResources(dstResources).flatMap((r) => [...r.fields.values()]).filter((f) => f.writable.create || f.writable.update);
  const ordered = [...writable.filter((f) => f.required), ...writable.filter((f) => !f.required)];
  const pairs = ordered.map((dest) => ({ dest, src: suggestSource(sources, dest) }));
  const keyPair = pairs.find((p) => p.dest.key && p.dest.writable.create && p.src) ?? undefined;
  const keySource = keyPair?.src ?? undefined;
  const operation = keyPair ? 'upsert' : 'create';

  const id = options.id ?? `${source.system}-${destination.system}-${loose(dstResources[0]?.id ?? destination.resource)}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/u.test(id)) throw new UsageError(`--id "${id}" is not a valid id: letters, digits, ".", "_" and "-"`);
  const lines = [
    '# yaml-language-server: $schema=https://interop-design.dev/schemas/v1/mapping.schema.json',
    `# Generated by interop-design new mapping from ${[...new Set([...dstResources, ...srcResources].map((r) => r.origin.file))].join(', ')}: review every field.`,
    `id: ${id}`,
    `title: ${q(`${source.system} ${source.resource} -> ${destination.system} ${destination.resource}`)}`,
    'version: 0.1.0',
    'status: draft',
    'source:',
    `  system: ${source.system}`,
    `  resource: ${q(source.resource)}`,
    'destination:',
    `  system: ${destination.system}`,
    `  resource: ${q(destination.resource)}`,
    `  operation: ${operation}`,
    ...(keyPair && keySource ? [`  key: { source: ${q(keySource.path)}, destination: ${q(keyPair.dest.path)} }`] : []),
    'fields:',
  ];
  // The payload structure the destination needs (a DHIS2 program's tracked entity type, the
  // enrollment's program): a constant where the metadata gives it, else listed for you to source.
  const structure = structureOf(dstResources).map(({ part }) => part);
  /** A field left for the designer, as a commented line to uncomment. */
  const listed = (destPath: string, type: string, note: string | undefined): string => `#   - destination: { path: ${q(destPath)}, type: ${type} }${note ? `   # ${note.replace(/[\r\n]+/gu, ' ')}` : ''}`;
  const needed: string[] = [];
  for (const f of structure) {
    if (f.constant === undefined) {
      needed.push(listed(f.path, f.type, f.note));
      continue;
    }
    lines.push(`  - destination: { path: ${q(f.path)}, type: ${f.type} }`, `    transform: { constant: ${q(f.constant)} }`, '    status: new', `    comment: ${q(`${f.note} (from the metadata)`)}`);
  }
  const unmatched: string[] = [];
  for (const { dest, src } of pairs) {
    if (!src) {
      unmatched.push(listed(dest.path, designType[dest.family], dest.required ? 'required' : undefined));
      continue;
    }
    const srcChoices = src.choices?.length ? src.choices : undefined;
    const dstChoices = dest.choices?.filter((c) => c.active).length ? dest.choices.filter((c) => c.active) : undefined;
    const valueMap = srcChoices && dstChoices ? matchChoices(srcChoices, dstChoices) : undefined;
    const choiceList = (cs: readonly Choice[]): string => `[${cs.slice(0, 50).map((c) => q(c.value)).join(', ')}]`;
    const both = Boolean(valueMap && srcChoices && dstChoices);
    lines.push(`  - source: { path: ${q(src.path)}, type: ${both ? designType[src.family] : designType[src.family] === 'choice' || designType[src.family] === 'multichoice' ? 'string' : designType[src.family]}${both && srcChoices ? `, choices: ${choiceList(srcChoices)}` : ''} }`);
    lines.push(`    destination: { path: ${q(dest.path)}, type: ${both ? designType[dest.family] : designType[dest.family] === 'choice' || designType[dest.family] === 'multichoice' ? 'string' : designType[dest.family]}${both && dstChoices ? `, choices: ${choiceList(dstChoices)}` : ''}${dest.required ? ', required: true' : ''} }`);
    if (both && valueMap) lines.push(`    transform: { valueMap: { ${[...valueMap].map(([from, to]) => `${q(from)}: ${q(to)}`).join(', ')} } }`);
    lines.push('    status: new');
  }
  if (lines[lines.length - 1] === 'fields:') lines[lines.length - 1] = 'fields: []';
  if (needed.length) lines.push(`# What ${destination.system} needs to accept the record: give each a source or a constant.`, ...needed);
  if (unmatched.length) lines.push('# Writable fields no source field matches by name or label: map them or leave them out.', ...unmatched);
  lines.push('changelog:', `  - { version: 0.1.0, date: ${new Date().toISOString().slice(0, 10)}, changes: Generated from the exported metadata }`, '');

  const projectDir = path.join(root, ...project.dir.split('/').filter(Boolean));
  const file = path.join(projectDir, 'mappings', `${id}.mapping.yaml`);
  if (existsSync(file) && !options.force) throw new UsageError(`${path.relative(io.cwd, file)} exists: pass --force to overwrite it`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, lines.join('\n'));
  const constants = structure.length - needed.length;
  io.stdout(`wrote ${path.relative(io.cwd, file) || file}: ${pairs.length - unmatched.length} fields with a source, ${constants ? `${constants} constants from the metadata, ` : ''}${unmatched.length + needed.length} listed for you to map\n`);
  return ExitCode.ok;
}
