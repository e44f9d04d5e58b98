import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProjects, nodeFs } from '@interop-design/core';
import type { Project } from '@interop-design/core';
import { describe, expect, it } from 'vitest';
import { testdir } from '@interop-design/test-utils';
import { diffCatalogues, loadCatalogue } from '../src/index.js';
import type { MetadataChange } from '../src/index.js';

const fixtures = path.dirname(fileURLToPath(new URL('./__fixtures__/diff/interop-design.yaml', import.meta.url)));
const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

/** The design project of __fixtures__/diff (manifest, two mappings, a value map), as a file tree. */
function design(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(path.join(fixtures, dir))) {
      const rel = dir ? `${dir}/${name}` : name;
      if (statSync(path.join(fixtures, rel)).isDirectory()) walk(rel);
      else out[rel] = readFileSync(path.join(fixtures, rel), 'utf8');
    }
  };
  walk('');
  return out;
}

interface Describe { fields: { name: string; type: string; picklistValues: { value: string; label: string; active: boolean; defaultValue: boolean; validFor: null }[] }[] }
interface Dhis2 { optionSets: { id: string; options: { id: string }[] }[]; options: { id: string }[] }

/** One commit of the project: the fixtures' Salesforce describe and DHIS2 package, as `edit` leaves them. */
async function commit(edit: (sf: Describe, dhis2: Dhis2) => void = () => undefined): Promise<Project> {
  const sf = JSON.parse(fixture('salesforce-Patient__c.json')) as Describe;
  const dhis2 = JSON.parse(fixture('dhis2-package.json')) as Dhis2;
  edit(sf, dhis2);
  const [p] = loadProjects(nodeFs(testdir({ ...design(), 'metadata/salesforce-Patient__c.json': JSON.stringify(sf, null, 2), 'metadata/dhis2-package.json': JSON.stringify(dhis2, null, 2) }))).projects;
  if (!p) throw new Error('no project');
  await loadCatalogue(p);
  return p;
}

function field(sf: Describe, name: string): Describe['fields'][number] {
  const f = sf.fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name}`);
  return f;
}

/** A change without its location in the metadata, for comparing kinds, subjects and broken mappings. */
const brief = (c: MetadataChange): unknown => ({ kind: c.kind, system: c.system, ...(c.resource ? { resource: c.resource } : {}), ...(c.choiceSet ? { choiceSet: c.choiceSet } : {}), ...(c.field ? { field: c.field } : {}), ...(c.value ? { value: c.value } : {}), ...(c.from ? { from: c.from, to: c.to } : {}), breaks: c.breaks.map((b) => `${b.mapping} ${b.side} ${b.field} ${b.reason} ${b.file}:${b.line}:${b.column}`) });

async function diff(edit: (sf: Describe, dhis2: Dhis2) => void): Promise<{ changes: MetadataChange[]; base: Project; head: Project }> {
  const base = await commit();
  const head = await commit(edit);
  expect(head.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { changes: diffCatalogues(await loadCatalogue(base), await loadCatalogue(head), head), base, head };
}

describe('diffCatalogues: metadata changes between two commits and the mappings they break', () => {
  it('the same metadata at both commits: no change', async () => {
    expect((await diff(() => undefined)).changes).toEqual([]);
  });

  it('Salesforce: a picklist value removed (the value map that writes it breaks), a value added, a field\'s type changed from string to double', async () => {
    const { changes } = await diff((sf) => {
      const gender = field(sf, 'Gender__c');
      gender.picklistValues = gender.picklistValues.filter((p) => p.value !== 'Other');
      gender.picklistValues.push({ value: 'Prefer not to say', label: 'Prefer not to say', active: true, defaultValue: false, validFor: null });
      field(sf, 'Patient_Number__c').type = 'double';
    });
    expect(changes.map(brief)).toEqual([
      { kind: 'type-changed', system: 'salesforce', resource: 'Patient__c', field: 'Patient_Number__c', from: 'string', to: 'double', breaks: ['commcare-salesforce-patient destination Patient_Number__c type-no-longer-fits mappings/patient.mapping.yaml:17:51'] },
      { kind: 'choice-removed', system: 'salesforce', resource: 'Patient__c', field: 'Gender__c', value: 'Other', breaks: ['commcare-salesforce-patient destination Gender__c writes-removed-value valuemaps/gender.valuemap.yaml:5:24'] },
      { kind: 'choice-added', system: 'salesforce', resource: 'Patient__c', field: 'Gender__c', value: 'Prefer not to say', breaks: [] },
    ]);
    // Where the metadata says it: the base describe's field for a removal, the head's for a change.
    const removed = changes.find((c) => c.kind === 'choice-removed');
    expect(removed?.at.file).toBe('metadata/salesforce-Patient__c.json');
    expect(removed?.at.line).toBeGreaterThan(1);
    expect(changes.find((c) => c.kind === 'type-changed')?.breaks[0]?.declaredType).toBe('string');
  });

  it('Salesforce: a picklist value made inactive is removed for writing; a field removed breaks the mapping that writes it', async () => {
    const { changes } = await diff((sf) => {
      const other = field(sf, 'Gender__c').picklistValues.find((p) => p.value === 'Other');
      if (other) other.active = false;
      sf.fields = sf.fields.filter((f) => f.name !== 'Country__c');
    });
    expect(changes.map(brief)).toEqual([
      { kind: 'choice-removed', system: 'salesforce', resource: 'Patient__c', field: 'Gender__c', value: 'Other', breaks: ['commcare-salesforce-patient destination Gender__c writes-removed-value valuemaps/gender.valuemap.yaml:5:24'] },
      { kind: 'field-removed', system: 'salesforce', resource: 'Patient__c', field: 'Country__c', breaks: ['commcare-salesforce-patient destination Country__c uses-removed-field mappings/patient.mapping.yaml:18:26'] },
    ]);
    expect(changes[0]?.deactivated).toBe(true);
  });

  it('Salesforce: a type change that every mapping still fits breaks nothing (double to currency)', async () => {
    const { changes } = await diff((sf) => {
      field(sf, 'Weight_kg__c').type = 'currency';
    });
    expect(changes.map(brief)).toEqual([{ kind: 'type-changed', system: 'salesforce', resource: 'Patient__c', field: 'Weight_kg__c', from: 'double', to: 'currency', breaks: [] }]);
  });

  it('Salesforce: a new required field breaks the mapping that creates records without it; a new optional field breaks nothing', async () => {
    const { changes } = await diff((sf) => {
      const base = field(sf, 'Country__c');
      sf.fields.push({ ...base, name: 'Consent_Date__c', type: 'date', nillable: false, createable: true, defaultedOnCreate: false } as Describe['fields'][number]);
      sf.fields.push({ ...base, name: 'Notes__c', type: 'string' });
    });
    expect(changes.map(brief)).toEqual([
      { kind: 'field-added', system: 'salesforce', resource: 'Patient__c', field: 'Consent_Date__c', breaks: ['commcare-salesforce-patient destination Consent_Date__c misses-new-required-field mappings/patient.mapping.yaml:11:3'] },
      { kind: 'field-added', system: 'salesforce', resource: 'Patient__c', field: 'Notes__c', breaks: [] },
    ]);
    expect(changes[0]?.required).toBe(true);
  });

  it('DHIS2: an option set losing an option code breaks the inline value map that writes it, once', async () => {
    const { changes } = await diff((_sf, dhis2) => {
      // The Gender option set (pC3N9N77UmT) loses its "Female" option (id Mnp3oXrpAbK).
      for (const s of dhis2.optionSets) s.options = s.options.filter((o) => o.id !== 'Mnp3oXrpAbK');
      dhis2.options = dhis2.options.filter((o) => o.id !== 'Mnp3oXrpAbK');
    });
    expect(changes.map(brief)).toEqual([
      { kind: 'choice-removed', system: 'dhis2', choiceSet: 'pC3N9N77UmT', value: 'Female', breaks: ['commcare-dhis2-person destination attributes[attribute=cejWyOfXge6].value writes-removed-value mappings/person.mapping.yaml:14:50'] },
    ]);
    expect(changes[0]?.at.file).toBe('metadata/dhis2-package.json');
  });

  it('without the design (no project): the changes, breaking nothing', async () => {
    const base = await commit();
    const head = await commit((sf) => {
      sf.fields = sf.fields.filter((f) => f.name !== 'Country__c');
    });
    expect(diffCatalogues(await loadCatalogue(base), await loadCatalogue(head), undefined).map(brief)).toEqual([{ kind: 'field-removed', system: 'salesforce', resource: 'Patient__c', field: 'Country__c', breaks: [] }]);
  });
});
