import type { Severity } from '@interop-design/core';
import { compareDiagnostics } from '@interop-design/core';
import { inertJson } from '../escape.js';
import type { Formatter } from '../types.js';

const level: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0 for code scanning: one run, rule descriptors for every rule that has a finding,
 * locations relative to the repository root, and the fingerprint as a partial fingerprint.
 */
export const sarif: Formatter = (diagnostics, context = {}) => {
  const sorted = [...diagnostics].sort(compareDiagnostics);
  const ids = [...new Set(sorted.map((d) => d.ruleId))].sort();
  const meta = new Map((context.rules ?? []).map((r) => [r.id, r]));
  const index = new Map(ids.map((id, i) => [id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'interop-design',
            informationUri: 'https://interop-design.dev',
            ...(context.version ? { semanticVersion: context.version } : {}),
            rules: ids.map((id) => {
              const r = meta.get(id);
              return {
                id,
                shortDescription: { text: r?.description ?? id },
                ...(r ? { helpUri: r.docs } : {}),
              };
            }),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The repository root.' } } },
        results: sorted.map((d) => ({
          ruleId: d.ruleId,
          ruleIndex: index.get(d.ruleId) ?? 0,
          level: level[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: d.file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
                region: { startLine: d.range.start.line, startColumn: d.range.start.column, endLine: d.range.end.line, endColumn: Math.max(d.range.end.column, d.range.start.column) },
              },
            },
          ],
          ...(d.related?.length
            ? {
                relatedLocations: d.related.map((r, id) => ({
                  id,
                  physicalLocation: {
                    artifactLocation: { uri: r.file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
                    region: { startLine: r.range.start.line, startColumn: r.range.start.column, endLine: r.range.end.line, endColumn: Math.max(r.range.end.column, r.range.start.column) },
                  },
                  message: { text: r.message },
                })),
              }
            : {}),
          partialFingerprints: { 'interopDesign/v1': d.fingerprint },
          ...(d.path === undefined ? {} : { properties: { jsonPointer: d.path } }),
        })),
      },
    ],
  };
  return inertJson(JSON.stringify(log, null, 2)) + '\n';
};
