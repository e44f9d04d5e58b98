import { describe, expect, it } from 'vitest';
import { rules } from '@interop-design/lint';
import { assertEveryMessageId, assertInvalid, assertValid, edited, lintRule, minimalProject, span } from '@interop-design/test-utils';
import type { InvalidTestCase, TestCaseError } from '@interop-design/test-utils';

const M = 'mappings/kobo-row.mapping.yaml';
const files = minimalProject();
const mapping = files[M] ?? '';
const version = span(mapping, '1.0.0');
/** What mapping-changelog reports on the minimal project, whose mapping has no changelog. */
const noEntry: TestCaseError = { messageId: 'noEntry', data: { version: '1.0.0' }, file: M, line: version.start.line, column: version.start.column, endLine: version.end.line, endColumn: version.end.column, path: '/version' };
const invalid: InvalidTestCase = { files, errors: [noEntry] };

describe('lintRule', () => {
  it('runs the real engine with one rule on: its findings, with message, message id and range', () => {
    expect(lintRule('mapping-changelog', files).findings).toEqual([
      { messageId: 'noEntry', message: 'version 1.0.0 has no changelog entry: add `- { version: 1.0.0, date: YYYY-MM-DD, changes: ... }` under changelog', severity: 'error', file: M, line: 2, column: 10, endLine: 2, endColumn: 15, path: '/version' },
    ]);
  });

  it('keeps the severity of the ruleset asked for', () => {
    expect(lintRule('mapping-changelog', files, 'recommended').findings.map((f) => f.severity)).toEqual(['warning']);
  });

  it('returns the loader errors apart', () => {
    const broken = edited([[M, 'id: kobo-row', 'id: [kobo-row']], files);
    expect(lintRule('mapping-changelog', broken).otherErrors.map((d) => d.ruleId)).toContain('yaml-syntax');
  });
});

describe('assertInvalid fails a case that does not match', () => {
  it('passes the right expectation', () => {
    expect(() => {
      assertInvalid('mapping-changelog', invalid);
    }).not.toThrow();
  });

  it.each([
    ['another end column', { ...noEntry, endColumn: noEntry.endColumn + 1 }],
    ['another end line', { ...noEntry, endLine: noEntry.endLine + 1 }],
    ['another start column', { ...noEntry, column: noEntry.column - 1 }],
    ['other data (so another rendered message)', { ...noEntry, data: { version: '1.0.1' } }],
    ['another JSON path', { ...noEntry, path: '/changelog' }],
    ['another file', { ...noEntry, file: 'flows/submission.flow.yaml' }],
  ] as const)('%s', (_name, error) => {
    expect(() => {
      assertInvalid('mapping-changelog', { files, errors: [error] });
    }).toThrow();
  });

  it('another message id of the rule, even one whose template renders the same message', () => {
    // A second id with the very same template: the rendered messages are equal, only the id differs.
    // Inferring the id from the message would accept it; the engine's reported id does not.
    const messages = rules['mapping-changelog'].meta.messages as Record<string, string>;
    messages.alias = messages.noEntry ?? '';
    try {
      expect(() => {
        assertInvalid('mapping-changelog', { files, errors: [{ ...noEntry, messageId: 'alias' }] });
      }).toThrow(/the message ids of mapping-changelog/u);
      expect(lintRule('mapping-changelog', files).findings.map((f) => f.messageId)).toEqual(['noEntry']);
    } finally {
      delete messages.alias;
    }
  });

  it('a message id the rule does not have, or data left out', () => {
    expect(() => {
      assertInvalid('mapping-changelog', { files, errors: [{ ...noEntry, messageId: 'missing' }] });
    }).toThrow(/no message id "missing"/u);
    const { data: _data, ...withoutData } = noEntry;
    expect(() => {
      assertInvalid('mapping-changelog', { files, errors: [withoutData] });
    }).toThrow(/give data\.version/u);
  });

  it('one finding too few or too many', () => {
    expect(() => {
      assertInvalid('mapping-changelog', { files, errors: [noEntry, noEntry] });
    }).toThrow();
    expect(() => {
      assertInvalid('mapping-changelog', { files, errors: [] });
    }).toThrow(/at least one error/u);
  });

  it('a case whose files do not load', () => {
    const broken = edited([['flows/submission.flow.yaml', 'id: submission', 'id: [submission']], files);
    expect(() => {
      assertInvalid('mapping-changelog', { files: broken, errors: [noEntry] });
    }).toThrow(/loads without errors/u);
  });
});

describe('assertValid and assertEveryMessageId', () => {
  it('a valid case with a finding fails', () => {
    expect(() => {
      assertValid('mapping-changelog', { files });
    }).toThrow();
    expect(() => {
      assertValid('mapping-changelog', { files: edited([[M, 'fields:', 'changelog: [{ version: 1.0.0, changes: First }]\nfields:']], files) });
    }).not.toThrow();
  });

  it('a message id no invalid case uses fails', () => {
    expect(() => {
      assertEveryMessageId('mapping-key', [{ files, errors: [{ ...noEntry, messageId: 'missingKey' }] }]);
    }).toThrow(/missingSourceKey/u);
    expect(() => {
      assertEveryMessageId('mapping-changelog', [invalid]);
    }).not.toThrow();
  });
});
