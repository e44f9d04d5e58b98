// Preview throughput: the interpreter over N generated records of a 100-field mapping, in a fresh process.
// Fields in equal parts: direct copies (numbers as strings coerced), value maps, date formats and DHIS2 picks; no JSONata.
import { compileMapping } from '@interop-design/transform';

const n = Number(process.argv[2] ?? 100_000);
const quarter = 25;
const uid = (i) => `a${String(i).padStart(2, '0')}BcDeFgHi`.slice(0, 11);
const fields = [];
for (let i = 0; i < quarter; i++) fields.push({ source: { path: `group/q${i}` === '' ? '' : `["group/q${i}"]` }, destination: { path: `col_${i}`, type: i % 2 ? 'integer' : 'string' } });
for (let i = 0; i < quarter; i++) fields.push({ source: { path: `choice_${i}` }, destination: { path: `code_${i}` }, transform: { valueMap: i % 2 ? 'status' : { yes: 'Y', no: 'N', unknown: 'U' } } });
for (let i = 0; i < quarter; i++) fields.push({ source: { path: `date_${i}` }, destination: { path: `day_${i}` }, transform: { format: i % 2 ? { from: 'dd/MM/yyyy', to: 'iso-date' } : { from: 'iso-datetime', to: 'iso-datetime', timeZone: 'Africa/Nairobi' } } });
for (let i = 0; i < quarter; i++) fields.push({ source: { path: `attr_${i}` }, destination: { path: `attributes[attribute=${uid(i)}].value` } });
const mapping = { id: 'bench', version: '1.0.0', status: 'draft', source: { system: 'kobo', resource: 'submission' }, destination: { system: 'dhis2', resource: 'trackedEntity' }, fields };
const valueMaps = new Map([['status', { id: 'status', entries: [{ from: 'active', to: 'ACTIVE' }, { from: 'closed', to: 'CLOSED' }, { from: 'pending', to: 'PENDING' }], unmapped: 'error' }]]);

const pad = (x) => String(x).padStart(2, '0');
function record(r) {
  const out = {};
  for (let i = 0; i < quarter; i++) out[`group/q${i}`] = i % 2 ? String((r * 7 + i) % 1000) : `text ${r}-${i}`;
  for (let i = 0; i < quarter; i++) out[`choice_${i}`] = i % 2 ? ['active', 'closed', 'pending'][(r + i) % 3] : ['yes', 'no', 'unknown'][(r + i) % 3];
  for (let i = 0; i < quarter; i++) {
    const day = 1 + ((r + i) % 28);
    const month = 1 + ((r * 3 + i) % 12);
    out[`date_${i}`] = i % 2 ? `${pad(day)}/${pad(month)}/20${pad(10 + (r % 16))}` : `20${pad(10 + (r % 16))}-${pad(month)}-${pad(day)}T${pad(r % 24)}:${pad(i)}:00.000`;
  }
  for (let i = 0; i < quarter; i++) out[`attr_${i}`] = `value ${r}-${i}`;
  return out;
}
const records = Array.from({ length: n }, (_, r) => record(r));

const compiled = compileMapping(mapping, { valueMaps });
if (compiled.problems.length) throw new Error(JSON.stringify(compiled.problems));
// Sanity: every field of the first record is written.
const first = compiled.run(records[0]);
const ok = first.fields.filter((f) => f.status === 'ok').length;
if (ok !== 100 || first.record.attributes.length !== quarter) throw new Error(`expected 100 written fields, got ${ok}: ${JSON.stringify(first.errors)}`);

// The floor: the least work that builds the same records (one property read and write per field, the 25 picks as pushed items).
const srcKeys = Object.keys(records[0]);
const floorStart = performance.now();
let floorItems = 0;
for (const r of records) {
  const out = { attributes: [] };
  for (let i = 0; i < 75; i++) out[srcKeys[i]] = r[srcKeys[i]];
  for (let i = 75; i < 100; i++) out.attributes.push({ attribute: srcKeys[i], value: r[srcKeys[i]] });
  floorItems += out.attributes.length;
}
const floorSeconds = (performance.now() - floorStart) / 1000;

const start = performance.now();
let errors = 0;
for (const r of records) errors += compiled.run(r).errors.length;
const seconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({ records: n, fields: fields.length, errors, seconds, recordsPerSecond: n / seconds, floorRecordsPerSecond: n / floorSeconds, floorItems, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
