import type { MetadataChange } from '@interop-design/metadata';
import { describe, expect, it } from 'vitest';
import { renderMetadataDiffMarkdown, renderMetadataDiffText } from '../src/index.js';

const removed = (value: string, line: number): MetadataChange => ({
  kind: 'choice-removed', system: 'salesforce', resource: 'Patient__c', field: 'Gender__c', value, at: { file: 'metadata/Patient__c.json', line, column: 1 },
  breaks: [{ mapping: 'patient', side: 'destination', field: 'Gender__c', reason: 'writes-removed-value', file: 'valuemaps/gender.valuemap.yaml', line: 9, column: 24 }],
});

describe('metadata changes in Markdown and text', () => {
  it('one section per kind, breaking kinds first, additions folded; mapping lines linked, removals placed in the base file unlinked', () => {
    const added: MetadataChange = { kind: 'field-added', system: 'salesforce', resource: 'Patient__c', field: 'Notes__c', at: { file: 'metadata/Patient__c.json', line: 40, column: 1 }, breaks: [] };
    const md = renderMetadataDiffMarkdown([{ dir: 'design', changes: [added, removed('Other', 12)] }], { link: (f, l) => `https://x/${f}#L${String(l)}` });
    expect(md.indexOf('#### Removed picklist values and option codes')).toBeLessThan(md.indexOf('<details><summary>Added (1)</summary>'));
    expect(md).toContain('| salesforce | <code>Other</code> removed from <code>Patient&#95;&#95;c.Gender&#95;&#95;c</code> | metadata/Patient&#95;&#95;c.json:12 (base) | <code>patient</code> destination <code>Gender&#95;&#95;c</code> writes the removed value, at [valuemaps/gender.valuemap.yaml:9:24](https://x/valuemaps/gender.valuemap.yaml#L9) |');
    expect(md).toContain('[metadata/Patient&#95;&#95;c.json:40](https://x/metadata/Patient__c.json#L40)');
    expect(md).toContain('**design**: 2 changes, breaking 1 mapping.');
  });

  it('O2: hostile metadata text stays inert; tables keep their columns; the budget cuts with a count', () => {
    const md = renderMetadataDiffMarkdown([{ dir: '', changes: [removed('<img src=//x> | @octocat\n#1', 3)] }]);
    expect(md).not.toMatch(/<img|@octocat|\n#1/u);
    const row = md.split('\n').find((l) => l.startsWith('| salesforce'));
    expect(row?.replace(/\\\|/gu, '').split('|')).toHaveLength(6);
    const many = Array.from({ length: 400 }, (_, i) => removed(`V${String(i)}`, i + 1));
    const cut = renderMetadataDiffMarkdown([{ dir: 'd', changes: many }], { maxChars: 5000, overflowNote: 'see the job summary' });
    expect(cut.length).toBeLessThanOrEqual(5000);
    expect(cut).toMatch(/_\d+ more metadata changes not shown: see the job summary\._/u);
    expect(renderMetadataDiffText([{ dir: 'd', changes: [removed('a\u001b[31mb', 3)] }])).not.toContain('\u001b');
  });
});
