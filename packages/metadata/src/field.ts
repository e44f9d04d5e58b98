import type { CatalogueField, CatalogueResource, Choice, Origin, TypeFamily } from './types.js';

/** A field with the defaults most systems share: optional, writable, not a key, not conditional. */
export function makeField(path: string, type: string, family: TypeFamily, origin: Origin, extra: Partial<CatalogueField> = {}): CatalogueField {
  return { path, type, family, required: false, writable: { create: true, update: true }, key: false, conditional: false, origin, ...extra };
}

export function makeResource(id: string, kind: string, format: string, origin: Origin, extra: Partial<CatalogueResource> = {}): CatalogueResource {
  return { id, kind, format, fields: new Map(), origin, ...extra };
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
