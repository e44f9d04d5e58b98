import { escapeMarkdown, fenceFor, plural, renderFlowMermaid } from '@interop-design/report';
import { ExitCode, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { loadForCommand } from './lint.js';

/** `interop-design render [paths..]`: every schema-valid flow as a Mermaid flowchart, in Markdown. */
export function renderCommand(io: CliIo, paths: readonly string[], options: { format: string }): number {
  if (options.format !== 'markdown' && options.format !== 'mermaid') throw new UsageError(`unknown format "${options.format}": use markdown or mermaid`);
  const { result } = loadForCommand(io, paths);
  const flows = result.projects.flatMap((p) => {
    const systems = (p.manifest.valid ? p.manifest.data?.systems : undefined) ?? {};
    return p.flows.flatMap((doc) => (doc.valid && doc.data ? [{ file: doc.file, flow: doc.data, systems }] : []));
  });
  const skipped = result.projects.reduce((n, p) => n + p.flows.filter((d) => !d.valid).length, 0);
  const parts = flows.map(({ file, flow, systems }) => {
    const diagram = renderFlowMermaid(flow, systems);
    if (options.format === 'mermaid') return diagram;
    const fence = fenceFor(diagram);
    return `## ${escapeMarkdown(flow.title ?? flow.id)}\n\n${escapeMarkdown(file)}\n\n${fence}mermaid\n${diagram}${fence}\n`;
  });
  io.stdout(parts.join('\n'));
  if (skipped) io.stderr(`interop-design: ${plural(skipped, 'flow file')} failed schema validation and ${skipped === 1 ? 'was' : 'were'} not drawn: run \`interop-design lint\`\n`);
  return skipped ? ExitCode.findings : ExitCode.ok;
}
