// Big metadata exports for the bench: a Salesforce describe bundle and a DHIS2 metadata package of a given size.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const uidChars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function uid(n) {
  let s = uidChars[n % 52];
  let x = n * 2654435761;
  for (let i = 0; i < 10; i++) {
    s += uidChars[Math.abs(x) % 62];
    x = Math.floor(x / 62) + n * (i + 7);
  }
  return s;
}

function sfField(name, type, extra = {}) {
  return { aggregatable: true, autoNumber: false, byteLength: 765, calculated: false, calculatedFormula: null, cascadeDelete: false, caseSensitive: false, createable: true, custom: name.endsWith('__c'), defaultValue: null, defaultedOnCreate: false, dependentPicklist: false, deprecatedAndHidden: false, digits: 0, externalId: false, filterable: true, groupable: true, idLookup: false, inlineHelpText: null, label: name.replace(/__c$/u, '').replaceAll('_', ' '), length: type === 'string' ? 255 : 0, name, nameField: false, nillable: true, picklistValues: [], precision: 0, referenceTo: [], relationshipName: null, restrictedPicklist: false, scale: 0, soapType: 'xsd:string', sortable: true, type, unique: false, updateable: true, ...extra };
}

/** A JSON array of describes, the Patient__c and Visit__c of the example first, padded with generated objects up to `bytes`. */
export function describeBundle(file, exampleDescribes, bytes) {
  const out = [...exampleDescribes];
  let size = JSON.stringify(out).length;
  for (let o = 0; size < bytes; o++) {
    const fields = [sfField('Id', 'id', { createable: false, updateable: false, nillable: false, idLookup: true })];
    for (let f = 0; f < 120; f++) {
      const type = ['string', 'picklist', 'double', 'date', 'boolean', 'reference'][f % 6];
      fields.push(sfField(`Field_${f}__c`, type, type === 'picklist' ? { picklistValues: Array.from({ length: 8 }, (_, k) => ({ active: true, defaultValue: false, label: `Value ${k}`, validFor: null, value: `Value ${k}` })), restrictedPicklist: true } : {}));
    }
    const d = { name: `Generated_${o}__c`, label: `Generated ${o}`, custom: true, createable: true, updateable: true, keyPrefix: 'a0X', fields };
    size += JSON.stringify(d).length;
    out.push(d);
  }
  writeFileSync(file, JSON.stringify(out));
}

/** A DHIS2 metadata package: the example's programs plus generated programs, data elements and option sets up to `bytes`. */
export function dhis2Package(file, example, bytes) {
  const pkg = JSON.parse(JSON.stringify(example));
  let size = JSON.stringify(pkg).length;
  for (let p = 0; size < bytes; p++) {
    const base = 100000 + p * 1000;
    const stageId = uid(base + 1);
    const des = Array.from({ length: 150 }, (_, i) => ({ id: uid(base + 10 + i), name: `Generated ${p} data element ${i}`, shortName: `G${p} DE ${i}`, code: `G${p}_DE_${i}`, valueType: ['TEXT', 'NUMBER', 'INTEGER_POSITIVE', 'DATE', 'BOOLEAN'][i % 5], domainType: 'TRACKER', aggregationType: 'NONE', ...(i % 10 === 0 ? { optionSet: { id: uid(base + 500 + i) } } : {}) }));
    const sets = des.filter((d) => d.optionSet).map((d) => ({ id: d.optionSet.id, name: `Options of ${d.name}`, valueType: 'TEXT', options: Array.from({ length: 20 }, (_, k) => ({ id: uid(base + 600 + k + d.optionSet.id.length), code: `CODE_${k}`, name: `Option ${k}` })) }));
    pkg.programs.push({ id: uid(base), name: `Generated programme ${p}`, programType: 'WITH_REGISTRATION', trackedEntityType: { id: 'MCPQUTHX1Ze' }, programStages: [{ id: stageId }], programTrackedEntityAttributes: [] });
    pkg.programStages.push({ id: stageId, name: `Generated stage ${p}`, program: { id: uid(base) }, programStageDataElements: des.map((d, i) => ({ id: uid(base + 300 + i), compulsory: false, dataElement: { id: d.id } })) });
    pkg.dataElements.push(...des);
    pkg.optionSets.push(...sets);
    size = JSON.stringify(pkg).length;
  }
  writeFileSync(file, JSON.stringify(pkg));
}

/** Copies the two examples whose metadata grows into `dir`, twice: with the big exports and without any metadata. */
export function metadataProjects(repo, dir, { describeBytes, dhis2Bytes }) {
  const withDir = path.join(dir, 'with');
  const withoutDir = path.join(dir, 'without');
  for (const d of [withDir, withoutDir]) {
    mkdirSync(path.join(d, '.git'), { recursive: true });
    for (const ex of ['commcare-salesforce', 'dhis2-godata']) cpSync(path.join(repo, 'examples', ex), path.join(d, ex), { recursive: true });
  }
  const ex = (p) => JSON.parse(readFileSync(path.join(repo, 'examples', p), 'utf8'));
  describeBundle(path.join(withDir, 'commcare-salesforce/metadata/salesforce-bundle.describe.json'), [ex('commcare-salesforce/metadata/salesforce-Patient__c.describe.json'), ex('commcare-salesforce/metadata/salesforce-Visit__c.describe.json')], describeBytes);
  for (const f of ['salesforce-Patient__c.describe.json', 'salesforce-Visit__c.describe.json']) rmSync(path.join(withDir, 'commcare-salesforce/metadata', f));
  dhis2Package(path.join(withDir, 'dhis2-godata/metadata/dhis2-covid19-tracker.json'), ex('dhis2-godata/metadata/dhis2-covid19-tracker.json'), dhis2Bytes);
  // Without metadata: no system names any and no metadata/ folder is read.
  for (const ex2 of ['commcare-salesforce', 'dhis2-godata']) {
    const m = path.join(withoutDir, ex2, 'interop-design.yaml');
    writeFileSync(m, readFileSync(m, 'utf8').replace(/^\s+metadata: .*\n/gmu, ''));
    rmSync(path.join(withoutDir, ex2, 'metadata'), { recursive: true, force: true });
  }
  return { withDir, withoutDir };
}
