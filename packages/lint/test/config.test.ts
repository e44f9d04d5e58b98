import { describe, expect, it } from 'vitest';
import { at, baseProject, edited, lintAll, loadOne } from './helpers.js';
import { builtInChecks, sampleChecks } from '../src/builtins.js';
import { rules } from '../src/rules/index.js';
import { applySuppressions, suppressibleIds } from '../src/suppress.js';

const MAN = 'interop-design.yaml';
const M = 'mappings/kobo-row.mapping.yaml';
const manifest = (lint: string): [string, string, string] => [MAN, '  mssql: { type: mssql, metadata: metadata/table.fields.yaml }\n', `  mssql: { type: mssql, metadata: metadata/table.fields.yaml }\nlint:\n${lint}`];
/** A mapping field that needs discussion: an info finding under recommended, an error under ready. */
const discuss: [string, string, string] = [M, '    status: agreed', '    status: needs-discussion\n    comment: Is the id stable?'];

describe('configuration', () => {
  it('takes the ruleset from extends, and --ruleset over it', () => {
    expect(lintAll(edited([discuss])).map((f) => f[0])).toEqual(['mapping-field-status']);
    expect(lintAll(edited([discuss, manifest('  extends: ready\n')]))).toEqual([['mapping-field-status', M, 13, 13]]);
    const files = edited([discuss, manifest('  extends: ready\n')]);
    expect(lintAll(files, 'recommended').map((f) => f[0])).toEqual(['mapping-field-status']);
  });

  it('sets severities per rule, and switches rules off', () => {
    const files = edited([discuss, manifest('  rules: { mapping-field-status: off, mapping-field-comment: error }\n'), [M, '\n    comment: Is the id stable?', '']]);
    expect(lintAll(files)).toEqual([['mapping-field-comment', M, 13, 13]]);
  });

  it('applies overrides to the files their globs match', () => {
    const files = edited([discuss, manifest('  overrides:\n    - files: ["mappings/**"]\n      rules: { mapping-field-status: off }\n')]);
    expect(lintAll(files)).toEqual([]);
    const other = edited([discuss, manifest('  overrides:\n    - files: ["flows/*.yaml"]\n      rules: { mapping-field-status: off }\n')]);
    expect(lintAll(other).map((f) => f[0])).toEqual(['mapping-field-status']);
  });

  it('reports unknown rule ids at their key, so a typo silences nothing', () => {
    const files = edited([manifest('  rules: { mapping-feild-status: off }\n  overrides:\n    - files: ["mappings/**"]\n      rules: { no-such-rule: warn }\n')]);
    const text = files[MAN] as string;
    expect(lintAll(files)).toEqual([
      ['config-unknown-rule', MAN, at(text, 'mapping-feild-status').line, at(text, 'mapping-feild-status').column],
      ['config-unknown-rule', MAN, at(text, 'no-such-rule').line, at(text, 'no-such-rule').column],
    ]);
  });

  it('reports globs that match no file', () => {
    const files = edited([manifest('  overrides:\n    - files: ["mapings/**"]\n      rules: { mapping-field-status: off }\n  ignore: ["drafts/**"]\n')]);
    const text = files[MAN] as string;
    expect(lintAll(files)).toEqual([
      ['config-unused-pattern', MAN, at(text, '"mapings/**"').line, at(text, '"mapings/**"').column],
      ['config-unused-pattern', MAN, at(text, '"drafts/**"').line, at(text, '"drafts/**"').column],
    ]);
    expect(lintAll(edited([manifest('  ignore: ["drafts/**"]\n'), ['drafts/x.mapping.yaml', '', 'id: [']]))).toEqual([]);
  });

  it('does not let a configured rule id be a built-in check', () => {
    const files = edited([manifest('  rules: { schema: off }\n')]);
    expect(lintAll(files).map((f) => f[0])).toEqual(['config-unknown-rule']);
  });
});

describe('inline suppressions', () => {
  const base = baseProject();

  it('drop the named finding on the next line, and only that one', () => {
    const files = edited([[M, '    status: agreed', '    # interop-design-disable-next-line mapping-field-status -- agreed in the 12 Nov call\n    status: needs-discussion']]);
    expect(lintAll(files)).toEqual([]);
    const wrongLine = edited([[M, '    status: agreed', '    status: needs-discussion\n    # interop-design-disable-next-line mapping-field-status -- too late']]);
    expect(lintAll(wrongLine).map((f) => f[0]).sort()).toEqual(['mapping-field-status', 'unused-suppression']);
  });

  it('accept several rule ids in one directive, and the trailing-comment form', () => {
    const strict = manifest('  extends: strict\n');
    const both = edited([strict, [M, '    status: agreed', '    # interop-design-disable-next-line mapping-field-status, mapping-field-comment -- discussed on 12 Nov\n    status: needs-discussion']]);
    expect(lintAll(both)).toEqual([]);
    const one = edited([strict, [M, '    status: agreed', '    # interop-design-disable-next-line mapping-field-comment -- discussed on 12 Nov\n    status: needs-discussion']]);
    expect(lintAll(one).map((f) => f[0])).toEqual(['mapping-field-status']);
    const trailing = edited([[M, 'version: 1.1.0', 'version: 1.2.0  # interop-design-disable-next-line mapping-changelog -- bumped in the next PR']]);
    // The directive on line 2 covers line 3 (status), not the version on its own line.
    expect(lintAll(trailing).map((f) => f[0]).sort()).toEqual(['mapping-changelog', 'unused-suppression']);
  });

  it('report directives without a reason, with unknown ids, or with no id', () => {
    const M2 = edited([[M, '    status: agreed', '    # interop-design-disable-next-line mapping-field-status\n    status: needs-discussion']]);
    expect(lintAll(M2)).toEqual([['suppression-reason', M, 13, 5]]);
    const unknown = edited([[M, 'fields:\n', 'fields:\n  # interop-design-disable-next-line not-a-rule -- because\n']]);
    expect(lintAll(unknown)).toEqual([['unused-suppression', M, 11, 3]]);
    const empty = edited([[M, 'fields:\n', 'fields:\n  # interop-design-disable-next-line\n']]);
    expect(lintAll(empty)).toEqual([['unused-suppression', M, 11, 3]]);
    expect(base).toBeTruthy();
  });

  it('never silence a built-in check: the schema finding stays and the directive is an error', () => {
    const files = edited([[M, 'version: 1.1.0', '# interop-design-disable-next-line schema -- x\nversion: 1.0']]);
    const found = lintAll(files);
    expect(found).toContainEqual(['schema', M, 3, 10]);
    expect(found).toContainEqual(['suppression-not-allowed', M, 2, 1]);
    const reference = edited([[M, 'flows: [submission]', '# interop-design-disable-next-line reference-flow -- later\nflows: [nope]']]);
    expect(lintAll(reference)).toEqual([['suppression-not-allowed', M, 4, 1], ['reference-flow', M, 5, 9]]);
  });

  it('never silence any built-in id or data-guarding sample check, whatever the finding', () => {
    const never = [...Object.keys(builtInChecks), ...Object.entries(sampleChecks).filter(([, c]) => !c.suppressible).map(([id]) => id)];
    expect(never).toEqual(expect.arrayContaining(['schema', 'yaml-syntax', 'file-encoding', 'reference-file', 'duplicate-id', 'field-path-syntax', 'path-escapes-repository', 'sample-syntax', 'sample-depth-limit', 'sample-duplicate-key', 'sample-unsafe-integer', 'sample-unknown-format', 'sample-credentials', 'sample-personal-data']));
    const project = loadOne(edited([[M, 'version: 1.1.0', `version: 1.1.0\n# interop-design-disable-next-line ${never.join(', ')} -- x`]]));
    const findings = never.map((id) => ({ ruleId: id, severity: 'error' as const, message: 'm', file: M, range: { start: { line: 4, column: 1 }, end: { line: 4, column: 2 } }, fingerprint: id }));
    for (const reportDirectives of [true, false]) {
      const out = applySuppressions(project.mappings, findings, { ran: new Set(never), reportDirectives });
      expect(out.filter((d) => d.range.start.line === 4).map((d) => d.ruleId)).toEqual(never);
      expect(out.filter((d) => d.range.start.line === 3).map((d) => d.ruleId)).toEqual(reportDirectives ? never.map(() => 'suppression-not-allowed') : []);
    }
    expect([...suppressibleIds].sort()).toEqual([...Object.keys(rules), 'sample-choice', 'sample-destination-path', 'sample-destination-unmapped', 'sample-key', 'sample-path-missing', 'sample-path-partial', 'sample-prediction', 'sample-type', 'sample-value'].sort());
  });

  it('never suppress a YAML syntax error', () => {
    const files = edited([[M, 'fields:\n', '# interop-design-disable-next-line yaml-syntax -- trying\nfields: [\n']]);
    expect(lintAll(files).map((f) => f[0])).toContain('yaml-syntax');
  });
});
