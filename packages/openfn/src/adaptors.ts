import type { DestinationEndpoint } from '@interop-design/schema';

/**
 * The destination adaptors a generated job writes with, by system type. Versions and operation
 * signatures come from the adaptors' published sources and documentation (OpenFn/adaptors,
 * docs.openfn.org/adaptors); most adaptors are not on the npm registry this project uses, so
 * the verify step replaces their operations with capture stubs of the same signatures.
 */
export interface AdaptorSpec {
  /** npm package, e.g. `@openfn/language-salesforce`. */
  name: string;
  version: string;
  /** What the adaptor re-exports from @openfn/language-common (from its published source): a job may use these. */
  common: readonly string[];
  /** The write, as the job calls it: a top-level operation call, records read from `state.records`. */
  write(destination: DestinationEndpoint): AdaptorWrite;
}

export interface AdaptorWrite {
  /** The operation call, one line, ending in `;`. */
  call: string;
  /** Named imports the call uses from the adaptor (`tracker` for DHIS2's `tracker.import`). */
  imports: string[];
  /** What the job writer must check about the call (a nested key the adaptor cannot match on). */
  todo?: string;
  /** Constants the job writer fills in (declared before the call), e.g. a Go.Data outbreak id. */
  todoConstants?: { name: string; comment: string }[];
}

export const commonAdaptor = { name: '@openfn/language-common', version: '3.3.4' } as const;

const js = (value: string): string => JSON.stringify(value);

/** The key's destination field, or a TODO placeholder when the spec has none (readiness requires one for upserts). */
function keyField(destination: DestinationEndpoint): string {
  return destination.key?.destination ?? 'TODO_key_field';
}

const records = 'state => state.records';
const postgresCommon = ['alterState', 'arrayToString', 'as', 'assert', 'combine', 'cursor', 'dataPath', 'dataValue', 'dateFns', 'each', 'field', 'fields', 'fn', 'fnIf', 'group', 'lastReferenceValue', 'log', 'merge', 'sourceValue'];

export const adaptors: Readonly<Record<string, AdaptorSpec>> = {
  // upsert(sObjectName, externalId, records), create(sObjectName, records), update(sObjectName, records)
  salesforce: {
    name: '@openfn/language-salesforce',
    version: '9.1.5',
    common: ['alterState', 'arrayToString', 'as', 'chunk', 'combine', 'dataPath', 'dataValue', 'dateFns', 'each', 'field', 'fields', 'fn', 'fnIf', 'group', 'humanProper', 'index', 'join', 'jsonValue', 'lastReferenceValue', 'log', 'map', 'merge', 'referencePath', 'scrubEmojis', 'source', 'sourceValue', 'toArray'],
    write(d) {
      switch (d.operation ?? 'create') {
        case 'upsert':
          return { call: `upsert(${js(d.resource)}, ${js(keyField(d))}, ${records});`, imports: ['upsert'] };
        case 'update':
          return { call: `update(${js(d.resource)}, ${records});`, imports: ['update'] };
        case 'delete':
          return { call: `destroy(${js(d.resource)}, state => state.records.map(r => r.Id));`, imports: ['destroy'] };
        default:
          return { call: `create(${js(d.resource)}, ${records});`, imports: ['create'] };
      }
    },
  },
  // tracker.import(strategy, payload, options): strategy CREATE, UPDATE, CREATE_AND_UPDATE or DELETE
  dhis2: {
    name: '@openfn/language-dhis2',
    version: '8.2.1',
    common: ['alterState', 'as', 'combine', 'cursor', 'dataPath', 'dataValue', 'dateFns', 'each', 'field', 'fields', 'fn', 'fnIf', 'group', 'lastReferenceValue', 'log', 'map', 'merge', 'sourceValue'],
    write(d) {
      const strategy = { create: 'CREATE', update: 'UPDATE', upsert: 'CREATE_AND_UPDATE', delete: 'DELETE' }[d.operation ?? 'create'];
      const collection = /event/iu.test(d.resource) ? 'events' : /enrol?lment/iu.test(d.resource) ? 'enrollments' : 'trackedEntities';
      return { call: `tracker.import(${js(strategy)}, state => ({ ${collection}: state.records }), { atomicMode: 'OBJECT' });`, imports: ['tracker'] };
    },
  },
  // upsertCase(id, externalId, goDataCase, callback), upsertContact(id, externalId, goDataContact, callback): one record each
  godata: {
    name: '@openfn/language-godata',
    version: '3.6.3',
    common: ['alterState', 'combine', 'dataPath', 'dataValue', 'each', 'field', 'fields', 'fn', 'fnIf', 'lastReferenceValue', 'log', 'merge', 'sourceValue'],
    write(d) {
      const op = /contact/iu.test(d.resource) ? 'upsertContact' : /location/iu.test(d.resource) ? 'upsertLocation' : 'upsertCase';
      if (op === 'upsertLocation') return { call: `each(${records}, upsertLocation(${js(keyField(d))}, state => state.data));`, imports: ['upsertLocation'] };
      return {
        call: `each(${records}, ${op}(OUTBREAK_ID, ${js(keyField(d))}, state => state.data));`,
        imports: [op],
        todoConstants: [{ name: 'OUTBREAK_ID', comment: 'TODO: the Go.Data outbreak id these records belong to' }],
      };
    },
  },
  // upsertMany(table, uuid, records, options), insertMany(table, records, options)
  mssql: sqlAdaptor('@openfn/language-mssql', '7.1.3', ['alterState', 'as', 'combine', 'cursor', 'dataPath', 'dataValue', 'dateFns', 'each', 'field', 'fields', 'fn', 'fnIf', 'lastReferenceValue', 'log', 'merge', 'sourceValue']),
  postgres: sqlAdaptor('@openfn/language-postgresql', '8.1.2', postgresCommon),
  postgresql: sqlAdaptor('@openfn/language-postgresql', '8.1.2', postgresCommon),
};

function sqlAdaptor(name: string, version: string, common: readonly string[]): AdaptorSpec {
  return {
    name,
    version,
    common,
    write(d) {
      const table = js(d.resource);
      switch (d.operation ?? 'create') {
        case 'upsert':
        case 'update':
          return { call: `upsertMany(${table}, ${js(keyField(d))}, ${records});`, imports: ['upsertMany'] };
        case 'delete':
          return { call: `// TODO: delete the rows of ${table.replaceAll('*/', '* /')} whose key is in state.records (no delete operation in the adaptor)`, imports: [] };
        default:
          return { call: `insertMany(${table}, ${records});`, imports: ['insertMany'] };
      }
    },
  };
}

/** The adaptor of a system type; common (no write, a TODO) for types without one. */
/** The adaptor's write, with a TODO when it matches on a top-level field and the key is nested. */
export function writeFor(spec: AdaptorSpec, destination: DestinationEndpoint): AdaptorWrite {
  const w = spec.write(destination);
  const key = destination.key?.destination;
  const matchesTopLevel = spec.name !== '@openfn/language-dhis2' && (destination.operation === 'upsert' || destination.operation === 'update');
  if (matchesTopLevel && key !== undefined && /[.[\]"]/u.test(key)) return { ...w, todo: `the adaptor matches records on a top-level field, and the key ${key} is nested: choose the field to match on` };
  return w;
}

export function adaptorFor(systemType: string | undefined): AdaptorSpec | undefined {
  return systemType === undefined ? undefined : adaptors[systemType];
}

/** `@openfn/language-x@1.2.3`, as project.yaml names it. */
export function adaptorRef(spec: { name: string; version: string }): string {
  return `${spec.name}@${spec.version}`;
}
