import { compileInProject, preloadLint, runTests } from '@interop-design/lint';
import type { TestOutcome } from '@interop-design/lint';
import { printable } from '@interop-design/report';
import { ExitCode, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { loadForCommand } from './lint.js';

export interface TestCommandOptions {
  format: string;
}

interface MappingReport {
  mapping: string;
  file: string;
  tests: (TestOutcome & { line: number; column: number })[];
  problems: { code: string; message: string; line: number; column: number }[];
}

function show(value: unknown): string {
  return value === undefined ? '(nothing)' : printable(JSON.stringify(value));
}

/**
 * `interop-design test [paths..]`: runs every mapping's tests with every transform, JSONata
 * included. Exit 1 when a test fails. Values are printed only on a local run, never in CI.
 */
export async function testCommand(io: CliIo, paths: readonly string[], options: TestCommandOptions): Promise<number> {
  if (options.format !== 'text' && options.format !== 'json') throw new UsageError(`unknown format "${options.format}": use text or json`);
  const { starts, result } = loadForCommand(io, paths);
  for (const p of result.projects) await preloadLint(p);
  const inScope = (file: string): boolean => starts.some((s) => s.rel === '' || file === s.rel || file.startsWith(`${s.rel}/`));
  const values = !io.ci;
  const reports: MappingReport[] = [];
  for (const project of result.projects) {
    for (const doc of project.mappings) {
      const mapping = doc.data;
      if (!doc.valid || !mapping || !inScope(doc.file)) continue;
      const outcomes = await runTests(project, mapping);
      const problems = compileInProject(project, mapping).problems.map((p) => ({ code: p.code, message: p.message, ...doc.source.locate(p.pointer).start }));
      reports.push({ mapping: mapping.id, file: doc.file, tests: outcomes.map((o) => ({ ...o, ...doc.source.locate(o.pointer).start })), problems });
    }
  }
  const failed = reports.reduce((n, r) => n + r.tests.filter((t) => !t.passed).length, 0);
  const passed = reports.reduce((n, r) => n + r.tests.filter((t) => t.passed).length, 0);
  if (options.format === 'json') {
    const strip = (t: MappingReport['tests'][number]) => ({ ...t, differences: t.differences.map((d) => (values ? d : { path: d.path, reason: d.reason })) });
    io.stdout(JSON.stringify({ version: 1, summary: { passed, failed }, mappings: reports.map((r) => ({ ...r, tests: r.tests.map(strip) })) }, null, 2) + '\n');
  } else {
    let text = '';
    for (const r of reports) {
      if (r.tests.length === 0) {
        text += `${printable(r.file)}  no tests\n`;
        continue;
      }
      for (const p of r.problems) text += `${printable(r.file)}:${p.line}:${p.column}  ${p.code}  ${printable(p.message)}\n`;
      for (const t of r.tests) {
        text += `${printable(r.file)}:${t.line}:${t.column}  ${t.passed ? 'pass' : 'FAIL'}  ${printable(t.name)}\n`;
        if (t.error !== undefined) text += `    ${printable(t.error)}\n`;
        for (const d of t.differences) {
          text += `    ${printable(d.path)}: ${d.reason}`;
          text += values ? `: expected ${show(d.expected)}, got ${show(d.actual)}\n` : '\n';
        }
      }
    }
    text += `\nmapping tests: ${passed} passing, ${failed} failing\n`;
    if (!values && failed) text += 'Values are not printed in CI: run `interop-design test` locally to see them.\n';
    io.stdout(text);
  }
  return failed > 0 ? ExitCode.findings : ExitCode.ok;
}
