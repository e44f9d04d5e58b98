import type { CatalogueField, CatalogueResource, Choice, ChoiceSet, Origin, TypeFamily } from './types.js';

/** A field with the defaults most systems share: optional, writable, not a key, not conditional. */
export function makeField(path: string, type: string, family: TypeFamily, origin: Origin, extra: Partial<CatalogueField> = {}): CatalogueField {
  return { path, type, family, required: false, writable: { create: true, update: true }, key: false, conditional: false, origin, ...extra };
}

export function makeResource(id: string, kind: string, format: string, origin: Origin, extra: Partial<CatalogueResource> = {}): CatalogueResource {
  return { id, kind, format, fields: new Map(), origin, ...extra };
}

/** Hooks waiting for the fields of a lazy resource that has not been asked for them yet. */
const waiting = new WeakMap<CatalogueResource, ((resource: CatalogueResource) => void)[]>();

/**
 * A resource whose fields are built when first asked for (`fill` adds them with `addField`): a
 * national export holds hundreds of programmes and stages, of which a project's mappings name a few.
 * Once built, `fields` is a plain property holding the map.
 */
export function lazyResource(id: string, kind: string, format: string, origin: Origin, extra: Partial<CatalogueResource>, fill: (resource: CatalogueResource) => void): CatalogueResource {
  const resource = makeResource(id, kind, format, origin, extra);
  waiting.set(resource, []);
  Object.defineProperty(resource, 'fields', {
    configurable: true,
    enumerable: true,
    get(): Map<string, CatalogueField> {
      const fields = new Map<string, CatalogueField>();
      Object.defineProperty(resource, 'fields', { value: fields, writable: true, enumerable: true, configurable: true });
      fill(resource);
      const hooks = waiting.get(resource) ?? [];
      waiting.delete(resource);
      for (const hook of hooks) hook(resource);
      return fields;
    },
  });
  return resource;
}

/** Runs `hook` on the resource's fields now, or when a lazy resource builds them. */
export function afterFields(resource: CatalogueResource, hook: (resource: CatalogueResource) => void): void {
  const hooks = waiting.get(resource);
  if (hooks) hooks.push(hook);
  else hook(resource);
}

/** A choice set whose choices are built when first asked for. */
export function lazyChoiceSet(id: string, name: string | undefined, origin: Origin, choices: () => Choice[]): ChoiceSet {
  const set = (name === undefined ? { id } : { id, name }) as ChoiceSet;
  Object.defineProperty(set, 'choices', {
    configurable: true,
    enumerable: true,
    get(): Choice[] {
      const value = choices();
      Object.defineProperty(set, 'choices', { value, writable: true, enumerable: true, configurable: true });
      return value;
    },
  });
  set.origin = origin;
  return set;
}

export function addField(resource: CatalogueResource, field: CatalogueField): void {
  if (!resource.fields.has(field.path)) resource.fields.set(field.path, field);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}
/** `true`, `"true"`, `"yes"`, `"TRUE()"` (XLSForm) count as yes. */
export function truthy(value: unknown): boolean {
  if (value === true) return true;
  if (typeof value !== 'string') return false;
  return /^(?:true|yes|1|true\(\))$/iu.test(value.trim());
}
/** A label that may be a string, a list of translations (Kobo) or a map of languages (CommCare). */
export function firstLabel(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.find((v): v is string => typeof v === 'string');
  if (isObject(value)) return Object.values(value).find((v): v is string => typeof v === 'string');
  return undefined;
}
export function choice(value: string, label?: string, active = true): Choice {
  return label === undefined ? { value, active } : { value, label, active };
}
