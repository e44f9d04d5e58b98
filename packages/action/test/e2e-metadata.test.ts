import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useFakeGitHub } from '@interop-design/test-utils/action';
import { edit, makeRepo, pullRequestPayload, repoRoot, runAction } from '@interop-design/test-utils/action';

const kobo = 'examples/kobo-mssql';
const cs = 'examples/commcare-salesforce';
const household = `${kobo}/mappings/kobo-mssql-household.mapping.yaml`;

// One fake GitHub per test, checked against GitHub's OpenAPI description and stopped after it.
const fake = useFakeGitHub();

interface AssetRow { type: string; name?: string; label?: string[]; required?: boolean; relevant?: string; select_from_list_name?: string }
interface AssetChoice { list_name: string; name: string; label?: string[] }

/**
 * The example's Kobo form as the XLSForm workbook Kobo downloads (survey, choices and settings
 * sheets), built from its asset JSON; `drop` leaves choices out of the choices sheet.
 */
async function xlsForm(drop: readonly string[] = []): Promise<Buffer> {
  const asset = JSON.parse(readFileSync(path.join(repoRoot, kobo, 'metadata/kobo-household-survey.form.json'), 'utf8')) as { content: { survey: AssetRow[]; choices: AssetChoice[]; settings: { id_string: string; version: string } }; name: string };
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('survey').addRows([
    ['type', 'name', 'label::English (en)', 'required', 'relevant'],
    ...asset.content.survey.map((r) => [r.select_from_list_name ? `${r.type} ${r.select_from_list_name}` : r.type, r.name ?? '', r.label?.[0] ?? '', r.required ? 'true' : '', r.relevant ?? '']),
  ]);
  wb.addWorksheet('choices').addRows([['list_name', 'name', 'label::English (en)'], ...asset.content.choices.filter((c) => !drop.includes(c.name)).map((c) => [c.list_name, c.name, c.label?.[0] ?? ''])]);
  wb.addWorksheet('settings').addRows([['form_title', 'form_id', 'version'], [asset.name, asset.content.settings.id_string, asset.content.settings.version]]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the action reads metadata as the CLI does (fake GitHub API, bundled dist/index.js)', { timeout: 180_000 }, () => {
  it('an XLSForm .xlsx metadata file is read (no metadata-not-read): a choice the workbook lacks is a metadata-choice finding at the mapping line', async () => {
    const workbook = await xlsForm(['surface_water']);
    const repo = makeRepo(['kobo-mssql'], (dir) => {
      rmSync(path.join(dir, kobo, 'metadata/kobo-household-survey.form.json'));
      writeFileSync(path.join(dir, kobo, 'metadata/household_survey_v4.xlsx'), workbook);
      edit(dir, `${kobo}/interop-design.yaml`, 'metadata: metadata/kobo-household-survey.form.json', 'metadata: metadata/household_survey_v4.xlsx');
    });
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo), inputs: { paths: kobo } });
    expect(r.stderr).toBe('');
    expect(r.summary).not.toContain('metadata-not-read');
    expect(r.summary).not.toContain('metadata-syntax');
    // The one choice the workbook lacks, reported where the mapping and its value map declare it, with the workbook's survey row as related location.
    const rows = r.summary.split('\n').filter((l) => l.endsWith('| metadata-choice |'));
    expect(rows.map((l) => /^\| ❌ error \| \[([^\]]+)\]/u.exec(l)?.[1])).toEqual([`${household}:38:121`, `${kobo}/valuemaps/water-source.valuemap.yaml:11:13`]);
    for (const row of rows) {
      expect(row).toContain('surface&#95;water');
      expect(row).toContain(`see [${kobo}/metadata/household&#95;survey&#95;v4.xlsx:13:1]`);
    }
  });

  it('a pull request that removes a Salesforce picklist value: the summary and the comment list it under removed values, with the mapping it breaks; no sample value', async () => {
    const describeFile = `${cs}/metadata/salesforce-Patient__c.describe.json`;
    const repo = makeRepo(['commcare-salesforce'], (dir) => {
      const file = path.join(dir, describeFile);
      const d = JSON.parse(readFileSync(file, 'utf8')) as { fields: { name: string; picklistValues: { value: string }[] }[] };
      for (const f of d.fields) if (f.name === 'Gender__c') f.picklistValues = f.picklistValues.filter((p) => p.value !== 'Other');
      writeFileSync(file, JSON.stringify(d, null, 2) + '\n');
    });
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    expect(r.stderr).toBe('');
    const comment = gh.issueComments[0]?.body ?? '';
    for (const text of [r.summary, comment]) {
      const section = text.slice(text.indexOf('### Metadata changes'));
      expect(text).toContain('### Metadata changes');
      expect(section).toContain(`**${cs}**: 1 change, breaking 1 mapping.`);
      const removed = section.slice(section.indexOf('#### Removed picklist values and option codes'));
      const row = removed.split('\n').find((l) => l.startsWith('| salesforce |')) ?? '';
      expect(row).toContain('<code>Other</code> removed from <code>Patient&#95;&#95;c.Gender&#95;&#95;c</code>');
      // The broken uses: the value map's target and the mapping's destination choice, linked to their lines at the head commit.
      expect(row).toContain(`<code>commcare-salesforce-patient</code> destination <code>Gender&#95;&#95;c</code> writes the removed value, at [${cs}/valuemaps/gender.valuemap.yaml:9:24](https://github.com/Codertocat/Hello-World/blob/${repo.headSha}/${cs}/valuemaps/gender.valuemap.yaml#L9)`);
      expect(row).toContain(`${cs}/mappings/commcare-salesforce-patient.mapping.yaml:32:75`);
    }
    // Nothing read from the sample files reaches the report: no value that only a sample holds.
    const design = [describeFile, `${cs}/mappings/commcare-salesforce-patient.mapping.yaml`, `${cs}/mappings/commcare-salesforce-visit.mapping.yaml`, `${cs}/valuemaps/gender.valuemap.yaml`, `${cs}/interop-design.yaml`].map((f) => readFileSync(path.join(repo.dir, f), 'utf8')).join('\n');
    const values = new Set<string>();
    const collect = (v: unknown): void => {
      if (typeof v === 'string' && v.length >= 5 && !design.includes(v)) values.add(v);
      else if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    for (const f of readdirSync(path.join(repo.dir, cs, 'sampleData'))) collect(JSON.parse(readFileSync(path.join(repo.dir, cs, 'sampleData', f), 'utf8')));
    expect(values.size).toBeGreaterThan(10);
    const leaked = [...values].filter((v) => r.summary.includes(v) || comment.includes(v));
    expect(leaked).toEqual([]);
  });

  it('a pull request that changes no metadata file has no metadata section', async () => {
    const repo = makeRepo(['commcare-salesforce'], (dir) => {
      edit(dir, `${cs}/mappings/commcare-salesforce-patient.mapping.yaml`, 'comment: External ID field used to upsert', 'comment: External ID field, used to upsert');
    });
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    expect(r.summary).toContain('### Mapping versions');
    expect(r.summary).not.toContain('### Metadata changes');
  });
});
