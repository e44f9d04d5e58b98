import type { Diagnostic, Severity } from './diagnostic.js';
import { fingerprint, sampleFingerprint, startOfFile } from './diagnostic.js';
import { decodeUtf8 } from './encoding.js';
import type { DesignFs } from './fs.js';
import { scanJson } from './json-scan.js';
import type { JsonIssue } from './json-scan.js';
import { sampleFormat } from './kinds.js';
import { limits } from './limits.js';
import type { SampleFileInfo } from './project-model.js';
import { readForLoader } from './read-design.js';
import { SourceFile } from './source.js';

const ruleOf: Record<JsonIssue['kind'], [string, Severity]> = {
  syntax: ['sample-syntax', 'error'],
  depth: ['sample-depth-limit', 'error'],
  'duplicate-key': ['sample-duplicate-key', 'warning'],
  'unsafe-integer': ['sample-unsafe-integer', 'info'],
};

/**
 * Checks the syntax of one sample file (JSON, or NDJSON line by line) and says what it is.
 * Files over the lint cap are listed unscanned: `check-samples` streams them.
 */
export function scanSample(fs: DesignFs, file: string, diagnostics: Diagnostic[]): SampleFileInfo | undefined {
  const stat = fs.stat(file);
  if (!stat) return undefined;
  const name = file.split('/').pop() ?? file;
  let format = sampleFormat(name);
  // A sample's keys are data (a phone number as a key is common): no pointer into the sample is
  // shown or hashed; the finding's position says where it is.
  const ordinals = new Map<string, number>();
  const push = (ruleId: string, severity: Severity, message: string, source: SourceFile | undefined, offset: number, end: number): void => {
    const range = source ? source.range(offset, end) : startOfFile;
    const n = ordinals.get(ruleId) ?? 0;
    ordinals.set(ruleId, n + 1);
    diagnostics.push({ ruleId, severity, message, file, range, fingerprint: sampleFingerprint(ruleId, file, undefined, n) });
  };
  if (stat.size > limits.maxLintSampleBytes) return { file, format: format ?? 'json', size: stat.size, scanned: false };
  const bytes = readForLoader(fs, file, limits.maxLintSampleBytes, 'samples that lint checks', diagnostics);
  if (!bytes) return undefined;
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    diagnostics.push({ ruleId: 'file-encoding', severity: 'error', message: decoded.message, file, range: { start: { line: decoded.line, column: decoded.column }, end: { line: decoded.line, column: decoded.column } }, fingerprint: fingerprint('file-encoding', file, undefined) });
    return undefined;
  }
  const text = decoded.text;
  if (!format) {
    const first = /\S/u.exec(text)?.[0];
    if (first === '{' || first === '[') format = 'json';
    else {
      push('sample-unknown-format', 'warning', 'not a JSON or NDJSON sample: it is scanned for credentials, not checked otherwise; name sample files *.json, *.ndjson or *.jsonl', undefined, 0, 0);
      return { file, format: 'other', size: stat.size, scanned: false };
    }
  }
  const source = new SourceFile(file, text);
  // scanJson's offsets are into the whole text, also when it scans one NDJSON line of it.
  const report = (issue: JsonIssue): void => {
    const [ruleId, severity] = ruleOf[issue.kind];
    push(ruleId, severity, issue.message, source, issue.offset, issue.end);
  };
  if (format === 'json') {
    for (const issue of scanJson(text, { maxDepth: limits.maxJsonDepth }).issues) report(issue);
  } else {
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      if (text.slice(start, end).trim() !== '') {
        for (const issue of scanJson(text, { maxDepth: limits.maxJsonDepth }, start, end).issues) report(issue);
      }
      start = end + 1;
    }
  }
  return { file, format, size: stat.size, scanned: true };
}
