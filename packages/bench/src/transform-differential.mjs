// Differential check of two builds of the mapping interpreter: the same generated mappings and records
// through both, outcome by outcome (the destination record, every field result, the errors, in order,
// own `__proto__` keys and key order included). Not a test: it compares with an old build kept aside.
// Usage: node transform-differential.mjs <old dist/index.js> <new dist/index.js> [records per mapping] [seed]
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';

const [oldPath, newPath] = process.argv.slice(2, 4);
if (!oldPath || !newPath) throw new Error('usage: transform-differential.mjs <old dist/index.js> <new dist/index.js> [records] [seed]');
const perMapping = Number(process.argv[4] ?? 3000);
let seed = Number(process.argv[5] ?? 1);
const load = async (p) => (await import(pathToFileURL(p).href)).compileMapping;
const compileOld = await load(oldPath);
const compileNew = await load(newPath);

// A small seeded generator (mulberry32), so that a failure can be replayed.
function rand() {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rand() * n);
const pick = (xs) => xs[int(xs.length)];
const pad = (x, w = 2) => String(x).padStart(w, '0');

const zones = ['UTC', 'Etc/UTC', '+03:00', '-05:30', '+0545', 'Africa/Nairobi', 'America/New_York', 'Europe/London', 'Europe/Dublin', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'Asia/Kolkata', 'Pacific/Apia', 'America/Santiago', 'Asia/Tehran', 'Africa/Casablanca', 'Asia/Beirut', 'America/St_Johns', 'Pacific/Chatham'];
const fromPatterns = [undefined, 'iso-date', 'iso-datetime', 'dd/MM/yyyy', 'd/M/yyyy', 'M/d/yyyy', 'yyyy-MM-dd', 'dd.MM.yyyy HH:mm', "yyyy-MM-dd'T'HH:mm:ss", 'yyyyMMdd', 'dd/MM/yy', 'HH:mm dd/MM/yyyy', 'yyyy-MM-dd HH:mm:ss.SSS', "yyyy-MM-dd'T'HH:mm:ssXXX", 'dd-MM-yyyy H:mm', 'MM/dd/yyyy'];
const toPatterns = ['iso-date', 'iso-datetime', 'dd/MM/yyyy', "yyyy-MM-dd'T'HH:mm:ssXXX", 'd MMM yyyy', 'yyyy-MM-dd HH:mm', 'M/d/yy', 'd/M/yyyy H:mm', 'yyyyMMdd', 'HH:mm:ss.SSS'];

// Local date-times near daylight-saving changes and other edges, as fields.
const edges = [
  [2021, 3, 14, 2, 30], [2021, 11, 7, 1, 30], [2021, 3, 28, 1, 30], [2021, 10, 31, 1, 30], [2018, 11, 4, 0, 0], [2019, 2, 16, 23, 30], [2011, 12, 30, 12, 0], [2011, 12, 29, 23, 59],
  [2022, 4, 3, 1, 45], [2022, 10, 2, 2, 15], [2023, 3, 26, 0, 0], [2023, 3, 22, 0, 0], [2022, 9, 11, 0, 0], [2020, 2, 29, 12, 0], [2019, 2, 29, 12, 0], [2000, 2, 29, 0, 0], [1900, 2, 29, 0, 0],
  [2021, 4, 31, 0, 0], [2021, 6, 31, 0, 0], [2021, 2, 30, 0, 0], [2021, 0, 10, 0, 0], [2021, 13, 1, 0, 0], [2021, 1, 0, 0, 0], [2021, 1, 1, 24, 0], [2021, 1, 1, 23, 60], [2021, 12, 31, 23, 59],
  [1, 1, 1, 0, 0], [99, 12, 31, 23, 0], [50, 2, 29, 0, 0], [1970, 1, 1, 0, 0], [1969, 12, 31, 23, 59], [9999, 12, 31, 23, 59], [1582, 10, 10, 0, 0], [1940, 5, 16, 0, 0], [1916, 5, 21, 2, 30],
];

function dateFields() {
  if (rand() < 0.4) return pick(edges).concat([int(60), int(1000)]);
  return [1900 + int(200), 1 + int(12), 1 + int(31), int(24), int(60), int(60), int(1000)];
}

/** A date written with one of the patterns, well or badly. */
function dateText() {
  const [y, M, d, H, m, s, S] = dateFields();
  const off = pick(['Z', '+03:00', '-05:30', '+0530', '+01', '-00:00', '+14:00', '+3:00']);
  const forms = [
    () => `${pad(y, 4)}-${pad(M)}-${pad(d)}`,
    () => `${pad(y, 4)}-${pad(M)}-${pad(d)}T${pad(H)}:${pad(m)}:${pad(s)}.${pad(S, 3)}`,
    () => `${pad(y, 4)}-${pad(M)}-${pad(d)}T${pad(H)}:${pad(m)}:${pad(s)}${off}`,
    () => `${pad(y, 4)}-${pad(M)}-${pad(d)}T${pad(H)}:${pad(m)}${off}`,
    () => `${pad(y, 4)}-${pad(M)}-${pad(d)}T${pad(H)}:${pad(m)}:${pad(s)}.${pad(S, 3)}123${off}`,
    () => `${pad(d)}/${pad(M)}/${pad(y, 4)}`,
    () => `${d}/${M}/${y}`,
    () => `${M}/${d}/${pad(y, 4)}`,
    () => `${pad(d)}.${pad(M)}.${pad(y, 4)} ${pad(H)}:${pad(m)}`,
    () => `${pad(y, 4)}${pad(M)}${pad(d)}`,
    () => `${pad(d)}/${pad(M)}/${pad(y % 100)}`,
    () => `${pad(H)}:${pad(m)} ${pad(d)}/${pad(M)}/${pad(y, 4)}`,
    () => `${pad(y, 4)}-${pad(M)}-${pad(d)} ${pad(H)}:${pad(m)}:${pad(s)}.${pad(S, 3)}`,
    () => `${pad(d)}-${pad(M)}-${pad(y, 4)} ${H}:${pad(m)}`,
    () => `${pad(M)}/${pad(d)}/${pad(y, 4)}`,
    () => ` ${pad(d)}/${pad(M)}/${pad(y, 4)}\t`,
    () => `${pad(d)}/${pad(M)}/${pad(y, 4)}x`,
    () => `${pad(d)}/${pad(M)}/${pad(y, 5)}`,
    () => `${pad(d)}/${pad(M)}`,
    () => '',
    () => '2021-02-29T25:00',
    () => `${pad(y, 4)}-${pad(M)}-${pad(d)}t${pad(H)}:${pad(m)}`,
    () => `\u00a0${pad(y, 4)}-${pad(M)}-${pad(d)}\u2003`,
    () => `${pad(d)}/${pad(M)}/-${pad(y, 3)}`,
    () => `+${pad(d)}/${pad(M)}/${pad(y, 4)}`,
  ];
  return pick(forms)();
}

const scalars = () => pick(['yes', 'no', 'unknown', 'active', 'closed', 'pending', 'other', 1, 2, 0, true, false, '1', 'true', 'TRUE', ' Yes ', 'no ', 'maybe', '', null, '__proto__', 'constructor', 'toString']);
const numberText = () => pick(['32', ' 32 ', '-7', '+8', '3.5', '.5', '5.', '1e3', '1E-2', '12345678901234567890', '9007199254740993', '000123', '0', '-0', 'abc', '3 years', '', ' ', '1_000', '0x10', 'Infinity', '١٢', 42, 3.25, -0, true, null]);
const boolText = () => pick(['true', 'false', 'yes', 'no', ' YES ', 'No', 'TRUE', 'maybe', '', 1, 0, true, false, null]);
const uids = Array.from({ length: 30 }, (_, i) => `a${pad(i)}BcDeFgHi`.slice(0, 11));

/** One field of a generated mapping, and a generator for its source value(s). */
function field(i, style) {
  const src = pick([`s${i}`, `["group/s${i}"]`, `nested.s${i}`, '__proto__', 'constructor', 'toString', `s${i}`]);
  const dst = style !== 'mixed'
    ? pick([`d${i}`, `d${i}`, `d${i}`, `["x/d${i}"]`, `obj.d${i}`])
    : pick([`d${i}`, `d${i}`, '__proto__', 'constructor', `obj.d${i}`, `attributes[attribute=${pick(uids)}].value`, `attributes[attribute=${pick(uids)}].storedBy`, `list[]`, `list[1]`, `attributes`, `attributes[]`, `obj`, `attributes[attribute=${pick(uids)}]`, 'valueOf']);
  const kind = int(7);
  const f = { source: { path: src }, destination: { path: dst } };
  let gen;
  if (kind === 0) {
    const type = pick(['string', 'integer', 'number', 'boolean', undefined]);
    if (type) f.destination.type = type;
    if (type === 'boolean' && rand() < 0.7) f.source.format = 'text-boolean';
    gen = type === 'integer' || type === 'number' ? numberText : type === 'boolean' ? boolText : () => pick([`text ${int(100)}`, 42, null, ['a', 'b'], { k: 1 }, '', ' x ']);
  } else if (kind === 1) {
    const unmapped = pick(['error', 'default', 'passthrough', undefined]);
    const map = pick([{ yes: 'Y', no: 'N', unknown: 'U' }, { 1: 'one', 2: 'two', true: 'T', false: 'F' }, { active: 'ACTIVE', closed: 'CLOSED', __proto__: 'P', constructor: 'C' }]);
    f.transform = rand() < 0.3 ? { valueMap: pick(['status', 'numbers']) } : { valueMap: JSON.parse(JSON.stringify(map)), ...(unmapped ? { unmapped } : {}), ...(unmapped === 'default' && rand() < 0.7 ? { default: 'DEF' } : {}) };
    if (rand() < 0.15) f.transform.format = { from: 'split', to: 'join', separator: ';' };
    if (rand() < 0.1) f.destination.type = pick(['integer', 'string']);
    gen = () => (rand() < 0.1 ? [scalars(), scalars()] : rand() < 0.1 ? `${scalars()} ${scalars()}` : scalars());
  } else if (kind === 2 || kind === 3) {
    const format = { to: pick(toPatterns) };
    const from = pick(fromPatterns);
    if (from !== undefined) format.from = from;
    if (rand() < 0.7) format.timeZone = pick(zones);
    if (rand() < 0.4) format.toTimeZone = pick(zones);
    f.transform = { format };
    if (rand() < 0.1) f.source.format = pick(['dd/MM/yyyy', 'iso-datetime']);
    gen = () => (rand() < 0.06 ? pick([null, 20210101, ['2021-01-01'], { d: 1 }]) : dateText());
  } else if (kind === 4) {
    f.transform = { format: { to: pick(['trim', 'upper', 'lower', 'split', 'join']) } };
    gen = () => pick([' a b ', 'x', ['p', 'q'], 3, null, 'Ünïcode ', '']);
  } else if (kind === 5) {
    f.transform = rand() < 0.5 ? { lookup: { system: 'salesforce', resource: 'Contact', by: 'Email', returns: 'Id', fixture: 'contacts.json' } } : rand() < 0.5 ? { constant: pick(['K', 3, null, false]) } : { expression: 'prose', description: 'x' };
    gen = () => pick(['a@x.org', 'b@x.org', 'none@x.org', 3, null]);
  } else {
    // Reading picks and several paths.
    if (rand() < 0.5) f.source = { path: `attrs[attribute=${pick(uids.slice(0, 5))}].value` };
    else f.source = { paths: [`s${i}`, `t${i}`], ...(rand() < 0.6 ? { pick: 'first' } : {}) };
    gen = () => `v${int(5)}`;
  }
  return { f, gen };
}

function mappingAndRecords(style) {
  const made = Array.from({ length: 100 }, (_, i) => field(i, style));
  const fields = made.map((m) => m.f);
  if (style === 'picks') {
    // The bench's shape: picks into one array, distinct UIDs (and, now and then, the same UID twice).
    for (let i = 0; i < 100; i += 4) fields[i].destination.path = `attributes[attribute=${uids[(i / 4) % 30]}].value`;
    if (rand() < 0.5) fields[97].destination.path = `attributes[attribute=${uids[0]}].value`;
  }
  if (rand() < 0.2) fields[int(100)].status = 'deprecated';
  const mapping = { id: 'gen', version: '1.0.0', status: 'draft', source: { system: 'kobo', resource: 's' }, destination: { system: 'dhis2', resource: 't', ...(rand() < 0.5 ? { key: { source: 's0', destination: pick(['id', 'd0', 'attributes']) } } : {}) }, fields };
  const records = Array.from({ length: perMapping }, () => {
    const r = {};
    const nested = {};
    const attrs = uids.slice(0, 5).filter(() => rand() < 0.7).map((u) => ({ attribute: u, value: `v${int(9)}` }));
    made.forEach((m, i) => {
      if (rand() < 0.1) return; // missing
      const value = m.gen();
      for (const target of [r, nested]) Object.defineProperty(target, `s${i}`, { value, enumerable: true, writable: true, configurable: true });
      r[`group/s${i}`] = value;
      r[`t${i}`] = rand() < 0.5 ? m.gen() : undefined;
      if (rand() < 0.02) Object.defineProperty(r, '__proto__', { value: rand() < 0.5 ? value : { x: 1 }, enumerable: true, writable: true, configurable: true });
      if (rand() < 0.02) r.constructor = value;
    });
    r.nested = nested;
    r.attrs = rand() < 0.1 ? attrs[0] ?? {} : attrs;
    if (rand() < 0.01) return pick([null, 'text', [r]]);
    return r;
  });
  return { mapping, records };
}

const valueMaps = new Map([
  ['status', { id: 'status', entries: [{ from: 'active', to: 'ACTIVE' }, { from: 'closed', to: 'CLOSED' }, { from: 'pending', to: 'PENDING' }], unmapped: 'error' }],
  ['numbers', { id: 'numbers', entries: [{ from: 1, to: 'one' }, { from: '2', to: 2 }, { from: true, to: 'yes' }], unmapped: 'default', default: 0 }],
]);
const fixtures = new Map([['contacts.json', [{ Id: '003A', Email: 'a@x.org' }, { Id: '003B', Email: 'b@x.org' }, { Id: '003C', Email: 3 }]]]);
const show = (x) => inspect(x, { depth: Infinity, breakLength: Infinity, maxArrayLength: Infinity, maxStringLength: Infinity, showHidden: false, sorted: false });

// KEY_ORDER=ignore compares records with their keys sorted (to tell a change of key order from any other).
const sortKeys = (x) => {
  if (Array.isArray(x)) return x.map(sortKeys);
  if (x === null || typeof x !== 'object') return x;
  const out = {};
  for (const k of Object.keys(x).sort()) Object.defineProperty(out, k, { value: sortKeys(x[k]), enumerable: true, writable: true, configurable: true });
  return out;
};
const plainResult = (x) => ({ record: process.env.KEY_ORDER === 'ignore' ? sortKeys(x.record) : x.record, fields: x.fields, errors: x.errors });

let compared = 0;
let differences = 0;
const statuses = {};
// Differing fields by their zones (a change to the zone code shows where it changed outcomes).
const byZone = {};
const styles = ['plain', 'mixed', 'picks'];
for (let m = 0; m < Number(process.env.MAPPINGS ?? 12); m++) {
  const style = styles[m % styles.length];
  const { mapping, records } = mappingAndRecords(style);
  const a = compileOld(structuredClone(mapping), { valueMaps, fixtures });
  const b = compileNew(structuredClone(mapping), { valueMaps, fixtures });
  if (show(a.problems) !== show(b.problems)) {
    differences++;
    console.log(`mapping ${m}: problems differ\n${show(a.problems)}\n${show(b.problems)}`);
  }
  for (let r = 0; r < records.length; r++) {
    // Each run on its own copy: a run may write a source array into the record and then append to it.
    // Compared as plain objects of their three parts (a build may return a class whose `fields` is a getter).
    const ra = plainResult(a.run(structuredClone(records[r])));
    const rb = plainResult(b.run(structuredClone(records[r])));
    compared++;
    for (const f of ra.fields) statuses[f.status] = (statuses[f.status] ?? 0) + 1;
    if (show(ra) !== show(rb)) {
      ra.fields.forEach((f, k) => {
        if (show(f) === show(rb.fields[k])) return;
        const fmt = mapping.fields[f.index]?.transform?.format;
        const key = typeof fmt === 'object' ? `${fmt.timeZone ?? '-'} > ${fmt.toTimeZone ?? '-'}` : 'no zone';
        byZone[key] = (byZone[key] ?? 0) + 1;
      });
      if (++differences <= 5) {
        const first = ra.fields.findIndex((f, k) => show(f) !== show(rb.fields[k]));
        console.log(`mapping ${m} (${style}), record ${r}: differs\nfield: ${show(mapping.fields[ra.fields[first]?.index ?? 0])}\nsource: ${show(records[r])}\nold: ${show(ra.fields[first])} ${show(ra.record)}\nnew: ${show(rb.fields[first])} ${show(rb.record)}`);
      }
    }
  }
}
console.log(JSON.stringify({ compared, differences, statuses, ...(differences ? { byZone } : {}) }));
process.exitCode = differences ? 1 : 0;
