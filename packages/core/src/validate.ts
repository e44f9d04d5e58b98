import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { schemas, schemaUrl, sharedSchemas } from '@interop-design/schema';
import type { SchemaKind } from '@interop-design/schema';
import { escapePointerSegment } from './pointer.js';
import type { LocateTarget } from './source.js';

/** A schema violation, before it is given a position. */
export interface SchemaProblem {
  pointer: string;
  target: LocateTarget;
  message: string;
  /** Stable arguments for the fingerprint. */
  args: readonly unknown[];
}

let ajv: Ajv2020 | undefined;
const validators = new Map<SchemaKind, ValidateFunction>();

/** The compiled validator of a kind; compiled on first use and kept. */
export function validatorFor(kind: SchemaKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    if (!ajv) {
      ajv = new Ajv2020({ allErrors: true, strict: true, strictTuples: false, strictRequired: false, allowUnionTypes: true, verbose: true });
      for (const schema of [...sharedSchemas, ...Object.values(schemas)]) ajv.addSchema(schema);
    }
    validate = ajv.getSchema(schemaUrl(kind));
    if (!validate) throw new Error(`no schema for ${kind}`);
    validators.set(kind, validate);
  }
  return validate;
}

const article = (word: string): string => (/^[aeiou]/u.test(word) ? `an ${word}` : `a ${word}`);

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return article(typeof value);
}

function typeName(type: unknown): string {
  const names: Record<string, string> = { object: 'a mapping (key: value)', array: 'a list', string: 'a string', number: 'a number', integer: 'an integer', boolean: 'true or false', null: 'null' };
  const list = Array.isArray(type) ? type : [type];
  return list.map((t) => names[String(t)] ?? String(t)).join(' or ');
}

/** Levenshtein distance, for "did you mean" suggestions on short property names. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestScore) {
      best = c;
      bestScore = d;
    }
  }
  return best !== undefined && bestScore <= (word.length >= 4 ? Math.max(2, Math.floor(word.length / 3)) : 1) ? best : undefined;
}

function isUnknownBranch(e: ErrorObject): boolean {
  return e.schemaPath.includes('/$defs/unknown/');
}

function schemaText(e: ErrorObject): { title?: string; description?: string } {
  const s = e.parentSchema as { title?: unknown; description?: unknown } | undefined;
  return {
    ...(typeof s?.title === 'string' ? { title: s.title } : {}),
    ...(typeof s?.description === 'string' ? { description: s.description } : {}),
  };
}

function toProblem(e: ErrorObject): SchemaProblem | undefined {
  const at = e.instancePath;
  const badName = (e as ErrorObject & { propertyName?: string }).propertyName;
  if (e.keyword === 'propertyNames') return undefined;
  if (badName !== undefined) {
    const { title, description } = schemaText(e);
    return { pointer: `${at}/${escapePointerSegment(badName)}`, target: 'key', message: `"${badName}" is not a valid ${(title ?? 'name').toLowerCase()}${description ? `: ${description}` : ''}`, args: ['propertyName', badName] };
  }
  switch (e.keyword) {
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      const props = (e.parentSchema as { properties?: Record<string, { description?: string }> } | undefined)?.properties;
      const hint = props?.[missing]?.description;
      return { pointer: at, target: 'key', message: `missing required property "${missing}"${hint ? `: ${hint}` : ''}`, args: ['required', missing] };
    }
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}).filter((k) => k !== '$schema');
      const pointer = `${at}/${escapePointerSegment(extra)}`;
      if (extra === '<<') {
        return { pointer, target: 'key', message: 'merge keys (<<) are a YAML 1.1 feature and are not supported: write the keys out', args: ['merge-key'] };
      }
      if (/\s/u.test(extra)) {
        return { pointer, target: 'key', message: `unknown property "${extra}": a comma inside an unquoted { ... } value splits it into a new key; quote the value`, args: ['additionalProperties', extra] };
      }
      const guess = suggest(extra, allowed);
      const tail = guess ? `: did you mean "${guess}"?` : allowed.length && allowed.length <= 12 ? ` (allowed: ${allowed.join(', ')})` : '';
      return { pointer, target: 'key', message: `unknown property "${extra}"${tail}`, args: ['additionalProperties', extra] };
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.filter((v) => typeof v === 'string');
      return { pointer: at, target: 'value', message: `must be one of: ${allowed.join(', ')}`, args: ['enum'] };
    }
    case 'type':
      return { pointer: at, target: 'value', message: `expected ${typeName((e.params as { type: unknown }).type)}, found ${describeValue(e.data)}`, args: ['type'] };
    case 'pattern': {
      const { title, description } = schemaText(e);
      return { pointer: at, target: 'value', message: `not a valid ${(title ?? 'value').toLowerCase()}${description ? `: ${description}` : ''}`, args: ['pattern'] };
    }
    case 'if':
    case 'anyOf':
    case 'oneOf':
      return undefined;
    case 'const':
      return isUnknownBranch(e) ? undefined : { pointer: at, target: 'value', message: `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`, args: ['const'] };
    default:
      return { pointer: at, target: 'value', message: e.message ?? `does not match the schema (${e.keyword})`, args: [e.keyword] };
  }
}

/**
 * Validates a parsed design file against its kind's schema. Errors from `anyOf` branches that
 * merely allow `unknown` are dropped; the rest become one problem per pointer and keyword.
 */
export function validateAgainstSchema(kind: SchemaKind, value: unknown): SchemaProblem[] {
  const validate = validatorFor(kind);
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  // Where an anyOf fails, its branches each report; an anyOf error is noise when another error
  // sits at or below the same value.
  const reported = new Set<string>();
  for (const e of errors) if (!isUnknownBranch(e) && e.keyword !== 'anyOf') reported.add(e.instancePath);
  for (const e of errors) {
    let problem = toProblem(e);
    if (!problem && e.keyword === 'anyOf') {
      const covered = [...reported].some((p) => p === e.instancePath || p.startsWith(e.instancePath + '/'));
      if (!covered) problem = { pointer: e.instancePath, target: 'value', message: 'does not match any allowed form of this value', args: ['anyOf'] };
    }
    if (!problem) continue;
    // A wrong type and errors inside the same value can only come from different anyOf branches:
    // the branch that got further is the one the author meant.
    if (e.keyword === 'type') {
      const deeper = errors.some((o) => o !== e && !isUnknownBranch(o) && o.instancePath.startsWith(e.instancePath + '/'));
      const sibling = errors.some((o) => o !== e && o.instancePath === e.instancePath && o.keyword !== 'type' && o.keyword !== 'anyOf' && !isUnknownBranch(o));
      if (deeper || sibling) continue;
    }
    const key = `${problem.pointer}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

/** What rules may read of a document that fails its schema: the valid part, and what was withheld. */
export interface ValidPart {
  /** A copy of the document without the invalid subtrees; withheld array items are holes, so indexes stay true. */
  data: unknown;
  /** JSON Pointers of the withheld subtrees (and of required keys missing at the top). */
  withheld: string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A deep copy with the holes of arrays left out: what the validator sees. */
function compactCopy(value: unknown): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    value.forEach((v) => out.push(compactCopy(v)));
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) Object.defineProperty(out, k, { value: compactCopy(value[k]), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

/** Maps segments of a pointer into the compact copy back to the document with holes. */
function uncompact(root: unknown, segments: readonly string[]): string[] | undefined {
  const out: string[] = [];
  let node = root;
  for (const s of segments) {
    if (Array.isArray(node)) {
      const k = Number(s);
      let seen = -1;
      let index = -1;
      for (let i = 0; i < node.length; i++) {
        if (!(i in node)) continue;
        seen++;
        if (seen === k) {
          index = i;
          break;
        }
      }
      if (index < 0) return undefined;
      out.push(String(index));
      node = node[index];
    } else if (isPlainObject(node)) {
      out.push(s);
      node = Object.prototype.hasOwnProperty.call(node, s) ? node[s] : undefined;
    } else return undefined;
  }
  return out;
}

const maxPruneRounds = 16;

/**
 * The part of a document that its schema accepts: every subtree holding a schema error is
 * withheld, and a parent that needs a withheld child is withheld in turn, up to the top level,
 * which is kept (its missing keys are listed). `undefined` when the document is not a mapping.
 */
export function validPart(kind: SchemaKind, value: unknown): ValidPart | undefined {
  if (!isPlainObject(value)) return undefined;
  const validate = validatorFor(kind);
  const data = compactCopy(value) as Record<string, unknown>;
  const withheld = new Set<string>();
  let settled = false;
  for (let round = 0; round < maxPruneRounds; round++) {
    const view = compactCopy(data);
    if (validate(view)) {
      settled = true;
      break;
    }
    const targets: string[][] = [];
    let onlyTop = true;
    for (const e of validate.errors ?? []) {
      if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'propertyNames') continue;
      const at = e.instancePath === '' ? [] : e.instancePath.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
      const extra = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : (e as ErrorObject & { propertyName?: string }).propertyName;
      const segments = extra === undefined ? at : [...at, extra];
      if (segments.length === 0) {
        if (e.keyword !== 'required') return undefined;
        withheld.add(`/${escapePointerSegment((e.params as { missingProperty: string }).missingProperty)}`);
        continue;
      }
      onlyTop = false;
      const mapped = uncompact(data, segments);
      if (mapped) targets.push(mapped);
    }
    if (onlyTop) {
      settled = true;
      break;
    }
    if (targets.length === 0) return undefined;
    for (const segments of targets) {
      let parent: unknown = data;
      for (const s of segments.slice(0, -1)) parent = Array.isArray(parent) ? parent[Number(s)] : isPlainObject(parent) ? parent[s] : undefined;
      const last = segments[segments.length - 1] ?? '';
      // A hole, not a splice: the indexes of the items after it stay true for findings.
      // eslint-disable-next-line @typescript-eslint/no-array-delete, @typescript-eslint/no-dynamic-delete -- withholding an item by its index
      if (Array.isArray(parent)) delete parent[Number(last)];
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- withholding a subtree by its key
      else if (isPlainObject(parent)) delete parent[last];
      withheld.add(segments.map((s) => '/' + escapePointerSegment(s)).join(''));
    }
  }
  return settled ? { data, withheld: [...withheld].sort() } : undefined;
}
