// Preview throughput: the interpreter over N generated records of one mapping, in a fresh process.
// Usage: node transform-child.mjs <records> <mapping> [--built] [--same], mapping one of:
//   dhis2-100: the 100-field mapping (direct copies with numbers as text coerced, value maps,
//     date formats, DHIS2 picks in equal parts; no JSONata), run with `run`;
//   dhis2-100-varied: the same kinds in the same parts on inputs that repeat little (every date
//     distinct, other patterns and zones, a fifth of the values missing, unmapped values), run with `run`;
//   case-40: a CommCare case to a Salesforce record, 40 fields of nested paths, dates with patterns
//     and time zones, phone numbers to E.164, value maps (by id, default, passthrough), multichoice
//     split/map/join, coercions, `pick: first`, a lookup fixture, constants and 2 JSONata fields,
//     run with `runAsync` as `preview` does.
// Records are generated in chunks of 5,000 outside the timed part, as a reader streams them (written
// as NDJSON and parsed back, unless `--built`); the time of each chunk is taken as wall time and as
// the CPU time of this process (user + system, garbage collection threads included), since the
// machine the bench runs on may be shared.
import { compileMapping } from '@interop-design/transform';

const n = Number(process.argv[2] ?? 100_000);
const which = process.argv[3] ?? 'dhis2-100';
// `--same`: one chunk of records, generated once and run again and again (for a profile without the generator's garbage).
const same = process.argv.includes('--same');
// Records as `preview` gets them: each chunk written as NDJSON and parsed back line by line, as the
// sample reader does (flat strings, objects laid out by JSON.parse). `--built`: the generator's own
// objects instead (strings built by concatenation, objects built key by key), a harder input that no
// reader produces, kept as a second shape of the same records.
const built = process.argv.includes('--built');
const fromNdjson = (records) =>
  records
    .map((r) => JSON.stringify(r))
    .join('\n')
    .split('\n')
    .map((line) => JSON.parse(line));
const chunk = 5000;
// With --expose-gc, the generator's garbage is collected before each timed chunk, not inside it.
const collect = globalThis.gc ?? (() => {});
const pad = (x) => String(x).padStart(2, '0');

function dhis2() {
  const quarter = 25;
  const uid = (i) => `a${String(i).padStart(2, '0')}BcDeFgHi`.slice(0, 11);
  const fields = [];
  for (let i = 0; i < quarter; i++) fields.push({ source: { path: `["group/q${i}"]` }, destination: { path: `col_${i}`, type: i % 2 ? 'integer' : 'string' } });
  for (let i = 0; i < quarter; i++) fields.push({ source: { path: `choice_${i}` }, destination: { path: `code_${i}` }, transform: { valueMap: i % 2 ? 'status' : { yes: 'Y', no: 'N', unknown: 'U' } } });
  for (let i = 0; i < quarter; i++) fields.push({ source: { path: `date_${i}` }, destination: { path: `day_${i}` }, transform: { format: i % 2 ? { from: 'dd/MM/yyyy', to: 'iso-date' } : { from: 'iso-datetime', to: 'iso-datetime', timeZone: 'Africa/Nairobi' } } });
  for (let i = 0; i < quarter; i++) fields.push({ source: { path: `attr_${i}` }, destination: { path: `attributes[attribute=${uid(i)}].value` } });
  const mapping = { id: 'bench', version: '1.0.0', status: 'draft', source: { system: 'kobo', resource: 'submission' }, destination: { system: 'dhis2', resource: 'trackedEntity' }, fields };
  const valueMaps = new Map([['status', { id: 'status', entries: [{ from: 'active', to: 'ACTIVE' }, { from: 'closed', to: 'CLOSED' }, { from: 'pending', to: 'PENDING' }], unmapped: 'error' }]]);
  const record = (r) => {
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
  };
  const check = (first) => first.fields.filter((f) => f.status === 'ok').length === 100 && first.record.attributes.length === quarter;
  // The floor: one property read and write per field, the 25 picks as pushed items.
  const floor = (r, keys) => {
    const out = { attributes: [] };
    for (let i = 0; i < 75; i++) out[keys[i]] = r[keys[i]];
    for (let i = 75; i < 100; i++) out.attributes.push({ attribute: keys[i], value: r[keys[i]] });
    return out;
  };
  return { mapping, valueMaps, fixtures: new Map(), record, check, floor, async: false };
}

// The same kinds in the same parts, on inputs that repeat little: every date distinct (two centuries
// of minutes), other patterns and zones (daylight saving in New York, Kolkata's half hour, offsets in
// the text), a fifth of the values missing, value maps with unmapped values that take the default,
// numbers as numbers or as text with spaces.
function dhis2Varied() {
  const quarter = 25;
  const uid = (i) => `b${String(i).padStart(2, '0')}CdEfGhIj`.slice(0, 11);
  const fields = [];
  for (let i = 0; i < quarter; i++) fields.push({ source: { path: `q${i}` }, destination: { path: `col_${i}`, type: i % 2 ? 'number' : 'string' } });
  for (let i = 0; i < quarter; i++) fields.push({ source: { path: `choice_${i}` }, destination: { path: `code_${i}` }, transform: { valueMap: { yes: 'Y', no: 'N', unknown: 'U', active: 'A', closed: 'C' }, unmapped: 'default', default: 'OTHER' } });
  const formats = [
    { from: 'd/M/yyyy', to: 'iso-date' },
    { from: 'yyyy-MM-dd HH:mm', to: 'iso-datetime', timeZone: 'America/New_York' },
    { from: 'iso-datetime', to: 'dd/MM/yyyy HH:mm', toTimeZone: 'Asia/Kolkata' },
  ];
  for (let i = 0; i < quarter; i++) fields.push({ source: { path: `when_${i}` }, destination: { path: `day_${i}` }, transform: { format: formats[i % 3] } });
  for (let i = 0; i < quarter; i++) fields.push({ source: { path: `attr_${i}` }, destination: { path: `attributes[attribute=${uid(i)}].value` } });
  const mapping = { id: 'bench-varied', version: '1.0.0', status: 'draft', source: { system: 'kobo', resource: 'submission' }, destination: { system: 'dhis2', resource: 'trackedEntity' }, fields };
  // A reproducible hash of (record, field): which values are missing, and the date each field gets.
  const mix = (r, i) => {
    let h = Math.imul(r + 1, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    return (h ^ (h >>> 13)) >>> 0;
  };
  const choices = ['yes', 'no', 'unknown', 'active', 'closed', 'maybe', 'pending'];
  const offsets = ['Z', '+05:30', '-04:00', '+01:00'];
  const record = (r) => {
    const out = {};
    const present = (i) => r === 0 || mix(r, i) % 5 !== 0;
    for (let i = 0; i < quarter; i++) if (present(i)) out[`q${i}`] = i % 2 ? (r % 3 ? ` ${(r * 7 + i) % 1000}.${i} ` : (r * 7 + i) / 8) : `text ${r}-${i}`;
    for (let i = 0; i < quarter; i++) if (present(quarter + i)) out[`choice_${i}`] = choices[mix(r, quarter + i) % choices.length];
    for (let i = 0; i < quarter; i++) {
      if (!present(2 * quarter + i)) continue;
      // A minute of 1900 to 2099, distinct for every record and field.
      const minute = (r * quarter + i) * 4099 + (mix(r, i) % 4099);
      const d = new Date(Date.UTC(1900, 0, 1) + (minute % 105_189_120) * 60_000);
      const [y, M, day, h, m] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
      out[`when_${i}`] = i % 3 === 0 ? `${day}/${M}/${y}` : i % 3 === 1 ? `${y}-${pad(M)}-${pad(day)} ${pad(h)}:${pad(m)}` : `${y}-${pad(M)}-${pad(day)}T${pad(h)}:${pad(m)}:${pad(r % 60)}${offsets[r % 4]}`;
    }
    for (let i = 0; i < quarter; i++) if (present(3 * quarter + i)) out[`attr_${i}`] = `value ${r}-${i}`;
    return out;
  };
  const check = (first) => first.errors.length === 0 && first.fields.filter((f) => f.status === 'ok').length === 100;
  const all = Object.keys(record(0));
  const floor = (r) => {
    const out = { attributes: [] };
    for (let i = 0; i < 75; i++) out[all[i]] = r[all[i]];
    for (let i = 75; i < 100; i++) out.attributes.push({ attribute: all[i], value: r[all[i]] });
    return out;
  };
  return { mapping, valueMaps: new Map(), fixtures: new Map(), record, check, floor, async: false };
}

function case40() {
  const f = (source, destination, transform) => ({ source, destination, ...(transform ? { transform } : {}) });
  const fields = [
    f({ path: 'case_id' }, { path: 'CommCare_ID__c' }),
    f({ path: 'properties.first_name' }, { path: 'FirstName' }, { format: { to: 'trim' } }),
    f({ path: 'properties.last_name' }, { path: 'LastName' }, { format: { to: 'upper' } }),
    f({ paths: ['properties.preferred_name', 'properties.first_name'], pick: 'first' }, { path: 'Preferred_Name__c' }),
    f({ path: 'properties.dob' }, { path: 'Birthdate', type: 'date' }, { format: { from: 'dd/MM/yyyy', to: 'iso-date' } }),
    f({ path: 'properties.registered_on' }, { path: 'Registered__c', type: 'datetime' }, { format: { from: 'dd/MM/yyyy HH:mm', to: 'iso-datetime', timeZone: 'Africa/Nairobi' } }),
    f({ path: 'date_modified' }, { path: 'Modified__c', type: 'datetime' }, { format: { from: 'iso-datetime', to: 'iso-datetime' } }),
    f({ path: 'server_date_opened' }, { path: 'Opened_Local__c' }, { format: { from: 'iso-datetime', to: "yyyy-MM-dd'T'HH:mm:ssXXX", toTimeZone: 'America/New_York' } }),
    f({ path: 'properties.visit_date' }, { path: 'Visit_Date__c', type: 'date' }, { format: { from: 'M/d/yyyy', to: 'iso-date', timeZone: 'Asia/Dhaka' } }),
    f({ path: 'properties.lmp' }, { path: 'LMP__c', type: 'date' }, { format: { from: 'yyyy-MM-dd', to: 'dd.MM.yyyy' } }),
    f({ path: 'properties.edd' }, { path: 'EDD__c', type: 'date' }, { format: { to: 'iso-date' } }),
    f({ path: 'properties.phone_number' }, { path: 'MobilePhone' }, { format: { to: 'e164', country: 'KE' } }),
    f({ path: 'properties.alt_phone' }, { path: 'HomePhone' }, { format: { to: 'e164', country: 'UG' } }),
    f({ path: 'properties.sex' }, { path: 'Gender__c' }, { valueMap: 'gender' }),
    f({ path: 'properties.marital' }, { path: 'Marital__c' }, { valueMap: { single: 'Single', married: 'Married', widowed: 'Widowed' }, unmapped: 'default', default: 'Unknown' }),
    f({ path: 'properties.district' }, { path: 'District__c' }, { valueMap: { nairobi: 'Nairobi', kisumu: 'Kisumu' }, unmapped: 'passthrough' }),
    f({ path: 'properties.symptoms' }, { path: 'Symptoms__c' }, { valueMap: { fever: 'Fever', cough: 'Cough', rash: 'Rash', headache: 'Headache' }, format: { from: 'split', to: 'join', separator: ';' } }),
    f({ path: 'properties.age' }, { path: 'Age__c', type: 'integer' }),
    f({ path: 'properties.weight' }, { path: 'Weight__c', type: 'number' }),
    f({ path: 'properties.height' }, { path: 'Height__c', type: 'number' }),
    f({ path: 'properties.household_size' }, { path: 'Household_Size__c', type: 'integer' }),
    f({ path: 'properties.pregnant', format: 'text-boolean' }, { path: 'Pregnant__c', type: 'boolean' }),
    f({ path: 'properties.consent', format: 'text-boolean' }, { path: 'Consent__c', type: 'boolean' }),
    f({ path: 'properties.hiv_status' }, { path: 'HIV_Status__c' }, { valueMap: 'result' }),
    f({ path: 'properties.tb_status' }, { path: 'TB_Status__c' }, { valueMap: 'result' }),
    f({ path: 'properties.village' }, { path: 'Village__c' }),
    f({ path: 'properties.ward' }, { path: 'Ward__c' }, { format: { to: 'lower' } }),
    f({ path: 'properties.national_id' }, { path: 'National_ID__c' }),
    f({ path: 'owner_id' }, { path: 'CHW__c' }, { lookup: { system: 'salesforce', resource: 'Contact', by: 'CommCare_User_ID__c', returns: 'Id', fixture: 'sampleData/salesforce-contacts.json' } }),
    f({ path: 'properties.gps.lat' }, { path: 'Location__Latitude__s', type: 'number' }),
    f({ path: 'properties.gps.lon' }, { path: 'Location__Longitude__s', type: 'number' }),
    f({ path: 'indices.parent.case_id' }, { path: 'Household__r.CommCare_ID__c' }),
    f({ path: 'properties.next_visit' }, { path: 'Next_Visit__c', type: 'date' }, { format: { from: 'dd/MM/yyyy', to: 'iso-date', timeZone: 'Africa/Nairobi' } }),
    f({ path: 'properties.notes' }, { path: 'Description' }, { format: { to: 'trim' } }),
    f({ path: 'properties.language' }, { path: 'Language__c' }, { valueMap: { en: 'English', sw: 'Swahili' }, unmapped: 'default', default: 'Other' }),
    f({ path: 'properties.children' }, { path: 'Children__c', type: 'integer' }),
    f(undefined, { path: 'Country__c' }, { constant: 'Kenya' }),
    f(undefined, { path: 'RecordTypeName__c' }, { constant: 'Patient' }),
    f({ paths: ['properties.first_name', 'properties.last_name'] }, { path: 'Name' }, { jsonata: "properties.first_name & ' ' & properties.last_name", description: 'first and last name' }),
    f({ path: 'properties.visits' }, { path: 'Visit_Count__c', type: 'integer' }, { jsonata: '$count(properties.visits)', description: 'how many visits' }),
  ].map((x) => (x.source === undefined ? { destination: x.destination, transform: x.transform } : x));
  const mapping = { id: 'case', version: '1.0.0', status: 'draft', source: { system: 'commcare', resource: 'case' }, destination: { system: 'salesforce', resource: 'Contact', key: { source: 'case_id', destination: 'CommCare_ID__c' } }, fields };
  const valueMaps = new Map([
    ['gender', { id: 'gender', entries: [{ from: 'male', to: 'Male' }, { from: 'female', to: 'Female' }, { from: 'other', to: 'Other' }], unmapped: 'error' }],
    ['result', { id: 'result', entries: [{ from: 'positive', to: 'Positive' }, { from: 'negative', to: 'Negative' }, { from: 'unknown', to: 'Unknown' }], unmapped: 'default', default: 'Unknown' }],
  ]);
  const users = Array.from({ length: 50 }, (_, i) => ({ Id: `003Kd00000${String(i).padStart(5, '0')}AAA`, CommCare_User_ID__c: `u${i}` }));
  const fixtures = new Map([['sampleData/salesforce-contacts.json', users]]);
  const pick = (xs, r) => xs[r % xs.length];
  const record = (r) => {
    const day = 1 + (r % 28);
    const month = 1 + ((r * 5) % 12);
    const year = 1960 + (r % 60);
    return {
      case_id: `2b6f4e1c-7a0e-4d1b-9f3e-${String(r).padStart(12, '0')}`,
      owner_id: `u${r % 50}`,
      date_modified: `20${pad(15 + (r % 10))}-${pad(month)}-${pad(day)}T${pad(r % 24)}:${pad(r % 60)}:${pad((r * 7) % 60)}.${String(r % 1000).padStart(3, '0')}Z`,
      server_date_opened: `20${pad(15 + (r % 10))}-${pad(month)}-${pad(day)}T${pad((r * 3) % 24)}:15:00+03:00`,
      indices: { parent: { case_id: `hh-${r >> 2}`, case_type: 'household' } },
      properties: {
        first_name: ` ${pick(['Amina', 'Juma', 'Wanjiru', 'Otieno', 'Achieng'], r)} `,
        last_name: pick(['Otieno', 'Kamau', 'Mwangi', 'Njeri'], r + 1),
        ...(r % 3 === 0 ? { preferred_name: pick(['Mina', 'JJ'], r) } : {}),
        dob: `${pad(day)}/${pad(month)}/${year}`,
        registered_on: `${pad(day)}/${pad(month)}/20${pad(15 + (r % 10))} ${pad(r % 24)}:${pad(r % 60)}`,
        visit_date: `${month}/${day}/20${pad(15 + (r % 10))}`,
        lmp: `20${pad(15 + (r % 10))}-${pad(month)}-${pad(day)}`,
        edd: `20${pad(16 + (r % 10))}-${pad(month)}-${pad(day)}`,
        phone_number: `07${String(10_000_000 + ((r * 7919) % 89_999_999)).slice(0, 8)}`,
        alt_phone: `+2567${String(70_000_000 + (r % 9_999_999)).slice(0, 8)}`,
        sex: pick(['male', 'female', 'other'], r),
        marital: pick(['single', 'married', 'widowed', 'divorced'], r),
        district: pick(['nairobi', 'kisumu', 'mombasa'], r),
        symptoms: pick(['fever cough', 'rash', 'fever headache cough', ''], r),
        age: String(r % 90),
        weight: `${40 + (r % 60)}.${r % 10}`,
        height: String(140 + (r % 50)),
        household_size: String(1 + (r % 9)),
        pregnant: pick(['yes', 'no'], r),
        consent: pick(['true', 'false', 'yes'], r),
        hiv_status: pick(['positive', 'negative', 'unknown', 'declined'], r),
        tb_status: pick(['negative', 'positive'], r),
        village: pick(['Kibera', 'Mathare', 'Kawangware'], r),
        ward: pick(['Laini Saba', 'Makina'], r),
        national_id: String(20_000_000 + r),
        gps: { lat: String(-1.3 + (r % 100) / 1000), lon: String(36.8 + (r % 100) / 1000) },
        next_visit: `${pad(day)}/${pad(month)}/2027`,
        notes: r % 4 ? `  visit ${r} ` : '',
        language: pick(['en', 'sw', 'luo'], r),
        children: String(r % 6),
        visits: Array.from({ length: r % 4 }, (_, i) => ({ date: `2026-0${1 + i}-01` })),
      },
    };
  };
  const check = (first) => first.errors.length === 0 && first.fields.filter((x) => x.status === 'ok').length === 40;
  // The floor: one read of the source path (one or two keys deep) and one write per field.
  const pairs = fields.map((x) => [x.destination.path, (x.source?.path ?? x.source?.paths?.[0] ?? 'case_id').split('.')]);
  const floor = (r) => {
    const out = {};
    for (const [k, p] of pairs) out[k] = p.length === 1 ? r[p[0]] : r[p[0]]?.[p[1]];
    return out;
  };
  return { mapping, valueMaps, fixtures, record, check, floor, async: true };
}

const bench = which === 'case-40' ? case40() : which === 'dhis2-100' ? dhis2() : which === 'dhis2-100-varied' ? dhis2Varied() : undefined;
if (!bench) throw new Error(`unknown mapping ${which}`);
const compiled = compileMapping(bench.mapping, { valueMaps: bench.valueMaps, fixtures: bench.fixtures });
if (compiled.problems.length) throw new Error(JSON.stringify(compiled.problems));
// The first record checked is of the input the timed runs get (V8's feedback keeps what it saw first).
const first = await compiled.runAsync(built ? bench.record(0) : fromNdjson([bench.record(0)])[0]);
if (!bench.check(first)) throw new Error(`${which}: unexpected first record: ${JSON.stringify(first.errors)}`);

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function timed(fn) {
  let wall = 0;
  let cpuSeconds = 0;
  let errors = 0;
  let records = [];
  for (let start = 0; start < n; start += chunk) {
    if (!same || start === 0) {
      records = [];
      for (let r = start; r < Math.min(n, start + chunk); r++) records.push(bench.record(r));
      if (!built) records = fromNdjson(records);
      collect();
    }
    const w0 = performance.now();
    const c0 = cpu();
    errors += await fn(records);
    cpuSeconds += cpu() - c0;
    wall += performance.now() - w0;
  }
  return { seconds: wall / 1000, cpuSeconds, errors };
}

// Errors by code: none expected, except a JSONata evaluation over its 100 ms budget on a loaded machine.
const errorCodes = {};
const count = (errors) => {
  for (const e of errors) errorCodes[e.code] = (errorCodes[e.code] ?? 0) + 1;
  return errors.length;
};
const keys = Object.keys(bench.record(0));
const floor = await timed(async (records) => {
  for (const r of records) bench.floor(r, keys);
  return 0;
});
const interp = await timed(
  bench.async
    ? async (records) => {
        let e = 0;
        for (const r of records) e += count((await compiled.runAsync(r)).errors);
        return e;
      }
    : async (records) => {
        let e = 0;
        for (const r of records) e += count(compiled.run(r).errors);
        return e;
      },
);
console.log(
  JSON.stringify({
    mapping: which,
    input: built ? 'built' : 'parsed',
    records: n,
    fields: bench.mapping.fields.length,
    errors: interp.errors,
    errorCodes,
    seconds: interp.seconds,
    cpuSeconds: interp.cpuSeconds,
    recordsPerSecond: n / interp.seconds,
    cpuRecordsPerSecond: n / interp.cpuSeconds,
    floorRecordsPerSecond: n / floor.seconds,
    floorCpuRecordsPerSecond: n / floor.cpuSeconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
