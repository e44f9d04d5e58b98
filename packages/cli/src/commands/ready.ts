import { preloadLint, readiness } from '@interop-design/lint';
import type { FlowReadiness, MappingReadiness } from '@interop-design/lint';
import { printable } from '@interop-design/report';
import { checkSamples } from '@interop-design/samples';
import { ExitCode, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { underAny } from '../io.js';
import { loadForCommand } from './lint.js';

/** `interop-design ready [paths..]`: the readiness checklist of every mapping and flow. */
export async function readyCommand(io: CliIo, paths: readonly string[], options: { format: string }): Promise<number> {
  if (options.format !== 'text' && options.format !== 'json') throw new UsageError(`unknown format "${options.format}": use text or json`);
  const { starts, result } = loadForCommand(io, paths);
  for (const p of result.projects) await preloadLint(p);
  // Only the mappings and flows whose files lie under the paths given. Readiness includes the
  // sample checks: their errors block it.
  const rels = starts.map((s) => s.rel);
  const projects = result.projects
    .map((p) => {
      const r = readiness(p, checkSamples(p).diagnostics);
      return { dir: p.dir, name: p.name, mappings: r.mappings.filter((m) => underAny(m.file, rels)), flows: r.flows.filter((f) => underAny(f.file, rels)) };
    })
    .filter((p) => p.mappings.length > 0 || p.flows.length > 0 || underAny(p.dir, rels));
  // Only a claim can be false: a mapping marked ready that is not, fails the run.
  const falseClaims = projects.flatMap((p) => p.mappings.filter((m) => m.status === 'ready' && !m.ready));
  if (options.format === 'json') {
    io.stdout(JSON.stringify({ version: 1, projects, falseClaims: falseClaims.map((m) => m.id) }, null, 2) + '\n');
    return falseClaims.length ? ExitCode.findings : ExitCode.ok;
  }
  const lines: string[] = [];
  const items = (entry: MappingReadiness | FlowReadiness): void => {
    for (const item of entry.items) {
      lines.push(`    ${item.ok ? '✔' : '✖'} ${item.label}`);
      for (const gap of item.gaps) lines.push(`        ${printable(gap.file)}:${gap.range.start.line}:${gap.range.start.column}  ${printable(gap.message)}`);
    }
  };
  for (const p of projects) {
    lines.push(`${printable(p.dir || '.')}  ${printable(p.name)}`);
    for (const m of p.mappings) {
      const verdict = m.ready ? (m.status === 'ready' ? 'ready' : `complete (status ${m.status}: it may be marked ready)`) : m.status === 'ready' ? 'MARKED READY BUT NOT READY' : 'not ready';
      lines.push(`  mapping ${printable(m.id)} ${printable(m.version)}: ${verdict}`);
      items(m);
    }
    for (const f of p.flows) {
      lines.push(`  flow ${printable(f.id)}: ${f.ready ? 'ready' : 'not ready'}`);
      items(f);
    }
    lines.push('');
  }
  const total = projects.reduce((n, p) => n + p.mappings.length, 0);
  const ready = projects.reduce((n, p) => n + p.mappings.filter((m) => m.ready).length, 0);
  lines.push(`${ready} of ${total} mappings complete; ${falseClaims.length} marked ready but not.`);
  io.stdout(lines.join('\n') + '\n');
  return falseClaims.length ? ExitCode.findings : ExitCode.ok;
}
