import type { AdaptorSpec } from './adaptors.js';

/**
 * Capture stubs of the destination adaptors' write operations, with the signatures their
 * documentation gives. A stub resolves its arguments as the adaptor does (a function of state is
 * called with state), records the operation and its records in `globalThis.__interopDesignCapture`
 * and returns state unchanged: nothing is sent anywhere. Everything else the adaptor re-exports
 * from @openfn/language-common is the real language-common.
 */
const resolve = 'const resolve = (value, state) => (typeof value === \'function\' ? value(state) : value);';
const push = 'const capture = (operation, args, records) => { globalThis.__interopDesignCapture.push({ operation, args, records: Array.isArray(records) ? records : [records] }); };';

const writes: Record<string, string> = {
  '@openfn/language-salesforce': `
export function create(sObjectName, records) { return (state) => { capture('create', [resolve(sObjectName, state)], resolve(records, state)); return state; }; }
export function update(sObjectName, records) { return (state) => { capture('update', [resolve(sObjectName, state)], resolve(records, state)); return state; }; }
export function upsert(sObjectName, externalId, records) { return (state) => { capture('upsert', [resolve(sObjectName, state), resolve(externalId, state)], resolve(records, state)); return state; }; }
export function destroy(sObjectName, ids, options) { return (state) => { capture('destroy', [resolve(sObjectName, state)], resolve(ids, state)); return state; }; }`,
  '@openfn/language-dhis2': `
function _import(strategy, payload, options) {
  return (state) => {
    const body = resolve(payload, state);
    const key = ['trackedEntities', 'enrollments', 'events', 'relationships'].find((k) => Array.isArray(body && body[k]));
    capture('tracker.import', [resolve(strategy, state), key], key ? body[key] : []);
    return state;
  };
}
export const tracker = { import: _import };`,
  '@openfn/language-godata': `
export function upsertCase(id, externalId, goDataCase, callback) { return (state) => { capture('upsertCase', [resolve(id, state), resolve(externalId, state)], resolve(goDataCase, state)); return state; }; }
export function upsertContact(id, externalId, goDataContact, callback) { return (state) => { capture('upsertContact', [resolve(id, state), resolve(externalId, state)], resolve(goDataContact, state)); return state; }; }
export function upsertLocation(externalId, goDataLocation, callback) { return (state) => { capture('upsertLocation', [resolve(externalId, state)], resolve(goDataLocation, state)); return state; }; }`,
  '@openfn/language-mssql': sqlWrites(),
  '@openfn/language-postgresql': sqlWrites(),
};

function sqlWrites(): string {
  return `
export function insertMany(table, records, options) { return (state) => { capture('insertMany', [resolve(table, state)], resolve(records, state)); return state; }; }
export function upsertMany(table, uuid, records, options) { return (state) => { capture('upsertMany', [resolve(table, state), resolve(uuid, state)], resolve(records, state)); return state; }; }`;
}

/** The names a stub module exports: the write operations and the re-exported common ones. */
export function stubExports(spec: AdaptorSpec): string[] {
  const own = [...(writes[spec.name] ?? '').matchAll(/^export (?:function|const) ([A-Za-z_$][\w$]*)/gmu)].map((m) => m[1] as string);
  return [...new Set([...spec.common, ...own])].sort();
}

/** The stub module of an adaptor: `index.js` source, re-exporting common from `commonEntry` (a file URL). */
export function stubModule(spec: AdaptorSpec, commonEntry: string): string | undefined {
  const w = writes[spec.name];
  if (w === undefined) return undefined;
  return [`export { ${[...spec.common].sort().join(', ')} } from ${JSON.stringify(commonEntry)};`, resolve, push, w.trim(), ''].join('\n');
}
