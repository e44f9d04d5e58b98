import type { ParsedPath, Project } from '@interop-design/core';
import { tryParseFieldPath } from '@interop-design/core';
import { itemSpread, positionalPaths, sourceReads } from '@interop-design/transform';
import type { Field, Flow, Mapping, Scalar, Step, ValueMapFile } from '@interop-design/schema';
import type { AdaptorSpec, AdaptorWrite } from './adaptors.js';
import { adaptorFor, adaptorRef, commonAdaptor, writeFor } from './adaptors.js';
import type { HelperName } from './helpers.js';
import { callingCodes, helperSource } from './helpers.js';

/**
 * Text from the design (titles, actions, `expression` prose, descriptions) only ever goes into
 * `//` comments, one line each: line terminators become spaces, and `*\/` is broken too so that
 * the text cannot close a block comment if a job writer wraps it in one.
 */
export function commentText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029\u0085]+/gu, ' ').replaceAll('*/', '* /').trim();
}

function comment(text: string, indent = ''): string {
  return `${indent}// ${commentText(text)}`.trimEnd();
}

/** A parsed path as the JavaScript literal the helpers take: keys, `[]`, indexes and `{ key, value }` picks. */
export function pathLiteral(path: ParsedPath): string {
  return `[${path.segments
    .map((s) => {
      switch (s.kind) {
        case 'key':
          return JSON.stringify(s.key);
        case 'each':
          return '[]';
        case 'index':
          return String(s.index);
        case 'filter':
          return `{ key: ${JSON.stringify(s.key)}, value: ${JSON.stringify(s.value)} }`;
      }
    })
    .join(', ')}]`;
}

function iterates(path: ParsedPath): boolean {
  return path.segments.some((s) => s.kind === 'each' || s.kind === 'filter');
}

/** What a generated job left for the job writer, and what the verify step cannot compare. */
export interface JobNote {
  /** Destination path of the field (or `''` for the job as a whole). */
  field: string;
  kind: 'expression' | 'jsonata' | 'lookup' | 'time-zone' | 'format' | 'key' | 'no-source' | 'no-adaptor' | 'no-mapping' | 'path-invalid' | 'value-map-missing';
  message: string;
}

export interface GeneratedJob {
  /** The job body, without the generated-marker header (project.ts adds it). */
  body: string;
  adaptor: string;
  /** The destination adaptor, when the job writes through one. */
  destination?: { spec: AdaptorSpec; write: AdaptorWrite };
  notes: JobNote[];
}

interface ValueMapTable {
  table: Record<string, Scalar>;
  unmapped: 'error' | 'default' | 'passthrough';
  fallback: Scalar | undefined;
}

function valueMapOf(project: Project, field: Field): ValueMapTable | string | undefined {
  const vm = field.transform?.valueMap;
  if (vm === undefined) return undefined;
  if (typeof vm === 'string') {
    const decl = project.index.valueMaps.get(vm);
    const file: ValueMapFile | undefined = decl?.value;
    if (!file) return `value map "${vm}" is not declared in the project`;
    const table: Record<string, Scalar> = {};
    for (const e of file.entries) table[String(e.from)] = e.to;
    return { table, unmapped: file.unmapped ?? 'error', fallback: file.default };
  }
  return { table: { ...vm }, unmapped: field.transform?.unmapped ?? 'error', fallback: field.transform?.default };
}

function describeField(field: Field): string {
  const src = field.source?.path ?? field.source?.paths?.join(' | ');
  const t = field.transform;
  const kind = t?.constant !== undefined ? 'constant' : t?.valueMap !== undefined ? 'value map' : t?.format ? `format ${t.format.to}` : t?.lookup ? 'lookup' : t?.jsonata !== undefined ? 'JSONata' : t?.expression !== undefined ? 'expression' : 'direct';
  return `${field.destination.path} <- ${src ?? '(no source)'} (${kind})`;
}

/** Whether the field's transform is a constant (an own `constant` key: `constant: null` is one too). */
function hasConstant(field: Field): boolean {
  return field.transform !== undefined && Object.prototype.hasOwnProperty.call(field.transform, 'constant');
}

/** Builds the statements that compute one field; returns undefined when the field is left as a TODO. */
function fieldCode(project: Project, field: Field, index: number, use: Set<HelperName>, tables: Map<string, string>, notes: JobNote[], spread?: ParsedPath): string[] {
  const dest = field.destination.path;
  const name = JSON.stringify(dest);
  const out: string[] = [comment(`${index + 1}. ${describeField(field)}`, '    ')];
  const todo = (kind: JobNote['kind'], message: string, extra: string[] = []): string[] => {
    notes.push({ field: dest, kind, message });
    return [...out, comment(`TODO: ${message}`, '    '), ...extra.map((e) => comment(e, '    '))];
  };
  const destPath = tryParseFieldPath(dest);
  if (destPath instanceof Error) return todo('path-invalid', 'the destination path does not parse');
  const t = field.transform;
  if (t?.description) out.push(comment(t.description, '    '));
  // The same precedence as the interpreter: constant, jsonata, lookup, value map or format, expression, direct.
  const constant = t !== undefined && Object.prototype.hasOwnProperty.call(t, 'constant');
  const jsonataPath = !constant && t?.jsonata !== undefined ? /^\s*([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)(?:\[(-?\d{1,6})\])?\s*$/u.exec(t.jsonata) : null;
  const reserved = new Set(['true', 'false', 'null', 'and', 'or', 'in', 'function']);
  if (jsonataPath && t?.jsonata !== undefined && !(jsonataPath[1] ?? '').split('.').some((n) => reserved.has(n))) {
    use.add('jsonataPath');
    use.add('put');
    const names = (jsonataPath[1] ?? '').split('.');
    const lines = [comment(`JSONata: ${t.jsonata} (a path: translated, evaluated as JSONata does)`, '    '), `    value = jsonataPath(source, ${JSON.stringify(names)}, ${jsonataPath[2] ?? 'undefined'}, ${name});`, '    if (value === undefined) return;'];
    const destType = field.destination.type;
    if (destType === 'integer' || destType === 'number' || (destType === 'boolean' && field.source?.format === 'text-boolean')) {
      use.add('coerce');
      lines.push(`    value = coerce(value, ${JSON.stringify(destType)}, ${String(field.source?.format === 'text-boolean')}, ${name});`);
    }
    return [...out, ...lines, `    put(record, ${pathLiteral(destPath)}, value, ${name});`];
  }
  if (!constant && t?.jsonata !== undefined) return todo('jsonata', 'compute this field as this JSONata expression does (interop-design preview evaluates it; it is not translated here):', [t.jsonata]);
  if (!constant && t?.lookup) {
    const l = t.lookup;
    return todo('lookup', `look up ${l.resource} in ${l.system} by ${l.by} and write its ${l.returns ?? 'Id'}`);
  }
  const mapsOrFormats = t?.valueMap !== undefined || t?.format !== undefined;
  if (!constant && !mapsOrFormats && t?.expression !== undefined) return todo('expression', 'compute this field as the spec describes; the expression is prose, not code:', [t.expression]);
  if (!constant && t?.format && (t.format.timeZone ?? 'UTC') !== 'UTC') return todo('time-zone', `read the date-time in time zone ${t.format.timeZone ?? ''} (the generated helpers work in UTC)`);
  if (!constant && t?.format && (t.format.toTimeZone ?? 'UTC') !== 'UTC') return todo('time-zone', `write the date-time in time zone ${t.format.toTimeZone ?? ''} (the generated helpers work in UTC)`);

  const lines: string[] = [];
  const src = field.source;
  const readerOf = (p: ParsedPath): string => {
    if (!iterates(p)) return `get(source, ${pathLiteral(p)})[0]`;
    use.add('pick');
    return `pick(get(source, ${pathLiteral(p)}), ${String(p.segments.some((x) => x.kind === 'each'))})`;
  };
  const isConstant = constant;
  if (isConstant) {
    lines.push(`    value = ${JSON.stringify(t.constant ?? null)};`);
    if (spread) {
      // Once for each item the other fields made in the list (none: nothing is written).
      use.add('get');
      lines.push(`    const list = get(record, ${pathLiteral(spread)})[0];`, '    if (!Array.isArray(list) || list.length === 0) return;', '    const constant = value;', '    value = list.map(() => constant);');
    }
  } else {
    const paths = src?.paths ?? (src?.path !== undefined ? [src.path] : []);
    if (paths.length === 0) return todo('no-source', 'the spec gives this field neither a source nor a constant');
    const parsed = paths.map((p) => tryParseFieldPath(p));
    if (parsed.some((p) => p instanceof Error)) return todo('path-invalid', 'a source path does not parse');
    // A list written into destination items by position is read by position (as the interpreter does).
    const positional = src?.path !== undefined ? positionalPaths(parsed[0] as ParsedPath, destPath) : undefined;
    if (positional) use.add('items');
    const readers = positional ? [`items(source, ${JSON.stringify(positional.before)}, ${JSON.stringify(positional.after)})`] : (parsed as ParsedPath[]).map(readerOf);
    use.add('get');
    if (src?.path !== undefined) lines.push(`    value = ${readers[0] ?? 'undefined'};`);
    else if (src?.pick === 'first') {
      lines.push(`    value = ${readers[0] ?? 'undefined'};`);
      for (const r of readers.slice(1)) lines.push(`    if (value === undefined) value = ${r};`);
    } else {
      lines.push(`    value = [${readers.join(', ')}].filter(v => v !== undefined);`, '    if (value.length === 0) value = undefined;');
    }
    lines.push('    if (value === undefined) return;');
  }
  const steps: string[] = [];
  const format = t?.format;
  const sourceFormat = src?.format !== 'text-boolean' ? src?.format : undefined;
  let join: string | undefined;
  if (!isConstant && format) {
    switch (format.to) {
      case 'trim':
      case 'upper':
      case 'lower': {
        use.add('textItems');
        const how = { trim: 's => s.trim()', upper: 's => s.toUpperCase()', lower: 's => s.toLowerCase()' }[format.to];
        steps.push(`      value = textItems(value, ${JSON.stringify(format.to)}, ${how}, ${name});`);
        break;
      }
      case 'split':
        use.add('fail');
        steps.push(`      value = Array.isArray(value) || value === '' ? value : typeof value === 'string' ? value.split(${JSON.stringify(format.separator ?? ' ')}).filter(s => s !== '') : fail(${name}, 'split needs text');`);
        break;
      case 'join':
        use.add('fail');
        // from: split reads multichoice text (choices separated by white space) as a list first.
        if (format.from === 'split') steps.push("      value = typeof value === 'string' && value !== '' ? value.split(/\\s+/).filter(x => x !== '') : value;");
        join = `      value = Array.isArray(value) ? value.map(x => (typeof x === 'string' ? x : JSON.stringify(x))).join(${JSON.stringify(format.separator ?? ' ')}) : typeof value === 'string' ? value : fail(${name}, 'join needs a list');`;
        break;
      case 'e164': {
        use.add('toE164');
        const code = format.country !== undefined ? callingCodes[format.country.toUpperCase()] : undefined;
        if (format.country !== undefined && code === undefined) return todo('format', `add the calling code of country ${format.country} to the phone helper`);
        steps.push(`      value = toE164(value, ${code === undefined ? 'undefined' : JSON.stringify(code)}, ${name});`);
        break;
      }
      default: {
        const from = format.from ?? sourceFormat;
        const unsupported = [format.to, from].find((p) => p !== undefined && !isSupportedDatePattern(p));
        if (unsupported !== undefined) return todo('format', `convert the date as the spec says; the generated helper does not handle the pattern ${unsupported}`);
        use.add('formatDate');
        steps.push(`      value = formatDate(value, ${from === undefined ? 'undefined' : JSON.stringify(from)}, ${JSON.stringify(format.to)}, ${name});`);
      }
    }
  }
  const vm = isConstant ? undefined : valueMapOf(project, field);
  if (typeof vm === 'string') return todo('value-map-missing', vm);
  if (vm) {
    use.add('mapValue');
    const key = typeof t?.valueMap === 'string' ? t.valueMap : `${dest} (inline)`;
    tables.set(key, JSON.stringify(vm.table, null, 2).replaceAll('\n', '\n  '));
    steps.push(`      value = mapValue(value, valueMaps[${JSON.stringify(key)}], ${JSON.stringify(vm.unmapped)}, ${vm.fallback === undefined ? 'undefined' : JSON.stringify(vm.fallback)}, ${name});`);
  }
  if (join) steps.push(join);
  if (steps.length) lines.push('    if (value !== null) {', ...steps, '    }');
  const destType = field.destination.type;
  if (destType === 'integer' || destType === 'number' || (destType === 'boolean' && src?.format === 'text-boolean')) {
    use.add('coerce');
    lines.push(`    value = coerce(value, ${JSON.stringify(destType)}, ${String(src?.format === 'text-boolean')}, ${name});`);
  }
  if (spread && !isConstant) {
    // A value read once goes into each item the fields reading a list made (none: nothing is written); a list read is written by position.
    use.add('get');
    lines.push('    if (!Array.isArray(value)) {', `      const list = get(record, ${pathLiteral(spread)})[0];`, '      if (!Array.isArray(list) || list.length === 0) return;', '      const one = value;', '      value = list.map(() => one);', '    }');
  }
  use.add('put');
  return [...out, ...lines, `    put(record, ${pathLiteral(destPath)}, value, ${name});`];
}

const datePatternToken = /'[^']*'|y+|M+|d+|H+|m+|s+|S+|X+|[^A-Za-z']+|[A-Za-z]/gu;
const supportedTokens = new Set(['yyyy', 'yy', 'MM', 'M', 'dd', 'd', 'HH', 'H', 'mm', 'ss', 'SSS', 'X', 'XX', 'XXX']);

/** Whether the inlined date helper reads and writes this pattern (an iso keyword, or the tokens it knows). */
function isSupportedDatePattern(pattern: string): boolean {
  if (pattern === 'iso-date' || pattern === 'iso-datetime') return true;
  return (pattern.match(datePatternToken) ?? []).every((tok) => tok.startsWith("'") || !/[A-Za-z]/u.test(tok) || supportedTokens.has(tok));
}

export interface JobContext {
  project: Project;
  flow: Flow;
  step: Step;
  /** The mapping the step applies, when it names one that the project declares. */
  mapping?: Mapping;
  mappingFile?: string;
  /** Set when the mapping is not ready (export --draft). */
  notReady?: string;
  /** Set when the step names a mapping that cannot be used (undeclared or not schema-valid). */
  unusableMapping?: string;
}

function systemType(project: Project, id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const system = project.manifest.data?.systems[id];
  return system?.type;
}

/** The job of one automated OpenFn-lane step: a mapping's job, or a skeleton with a TODO. */
export function generateJob(ctx: JobContext): GeneratedJob {
  const { project, flow, step, mapping } = ctx;
  const head: string[] = [comment(`Step "${step.id}" of flow "${flow.id}": ${step.action}`)];
  if (ctx.notReady !== undefined) head.unshift(comment(`DRAFT: ${ctx.notReady}. Do not deploy this job until the mapping is ready.`));
  if (!mapping) {
    const why = ctx.unusableMapping ?? 'the design gives the step no mapping';
    const notes: JobNote[] = [{ field: '', kind: 'no-mapping', message: `${why}: the job is a skeleton` }];
    const body = [...head, comment(`TODO: write this job: ${why}.`), '', 'fn(state => {', '  // TODO', '  return state;', '});', ''].join('\n');
    return { body, adaptor: adaptorRef(commonAdaptor), notes };
  }
  const notes: JobNote[] = [];
  const use = new Set<HelperName>();
  const tables = new Map<string, string>();
  const dest = mapping.destination;
  const destType = systemType(project, dest.system);
  const spec = adaptorFor(destType);
  head.push(
    comment(`Mapping ${mapping.id} ${mapping.version}${mapping.title ? `: ${mapping.title}` : ''}${ctx.mappingFile ? ` (${ctx.mappingFile})` : ''}`),
    comment(`Writes ${dest.resource} in ${dest.system} (${dest.operation ?? 'create'}${dest.key ? `, key ${dest.key.destination}` : ''}) from ${mapping.source.resource} in ${mapping.source.system}.`),
    '// Each record in state.data (one record, or a list of them) becomes one destination record in state.records.',
    '// The helpers below are inlined because a job cannot import packages.',
  );
  const fieldBlocks: string[][] = [];
  const key = dest.key;
  const live = mapping.fields.flatMap((field, i) => (field.status === 'deprecated' ? [] : [{ field, i, path: tryParseFieldPath(field.destination.path) }]));
  // The key is copied when no field writes it (as the interpreter does).
  let copied: { source: string; destination: string; sp: ParsedPath; dp: ParsedPath } | undefined;
  if (key?.source !== undefined && !live.some(({ field }) => field.destination.path === key.destination)) {
    const sp = tryParseFieldPath(key.source);
    const dp = tryParseFieldPath(key.destination);
    if (!(sp instanceof Error) && !(dp instanceof Error)) copied = { source: key.source, destination: key.destination, sp, dp };
  }
  // The paths a constant under a [] follows (see itemSpread): those of the other fields, and the copied key's.
  const others = live.flatMap(({ field, path }) => (hasConstant(field) || path instanceof Error ? [] : [path]));
  if (copied) others.push(copied.dp);
  // Values read once (a source path without `[]`) follow the paths of the fields that read a list.
  const listReads = live.flatMap(({ field, path }) => (!hasConstant(field) && !(path instanceof Error) && sourceReads(field) === 'list' ? [path] : []));
  // ... and of the fields that pick an item of the list (`dataValues[dataElement=X].value`).
  const destinations = live.flatMap(({ path }) => (path instanceof Error ? [] : [path]));
  if (copied) destinations.push(copied.dp);
  // Constants and values read once that fill every item of a list are computed last, once the other fields made the items.
  const spreadBlocks: string[][] = [];
  for (const { field, i, path } of live) {
    const readOnce = !hasConstant(field) && sourceReads(field) === 'one' && field.transform?.jsonata === undefined && field.transform?.lookup === undefined && !(field.transform?.expression !== undefined && field.transform.valueMap === undefined && field.transform.format === undefined);
    const spread = path instanceof Error ? undefined : hasConstant(field) ? itemSpread(path, others) : readOnce ? itemSpread(path, listReads, destinations) : undefined;
    (spread ? spreadBlocks : fieldBlocks).push(fieldCode(project, field, i, use, tables, notes, spread));
  }
  if (copied) {
    use.add('get');
    use.add('put');
    fieldBlocks.push([
      comment(`key: ${copied.destination} <- ${copied.source}`, '    '),
      `    value = get(source, ${pathLiteral(copied.sp)})[0];`,
      '    if (value === undefined) return;',
      `    put(record, ${pathLiteral(copied.dp)}, value, ${JSON.stringify(copied.destination)});`,
    ]);
  }
  fieldBlocks.push(...spreadBlocks);
  const write = spec ? writeFor(spec, dest) : undefined;
  if (write?.todo !== undefined) notes.push({ field: '', kind: 'key', message: write.todo });
  if (!spec) notes.push({ field: '', kind: 'no-adaptor', message: `no adaptor is known for system type ${destType ?? '(none)'}: the job builds the records and leaves the write as a TODO` });
  const lines: string[] = [...head, ''];
  if (tables.size > 0) {
    lines.push('// Value maps, as lookup tables.', 'const valueMaps = {');
    for (const [k, v] of [...tables].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) lines.push(`  ${JSON.stringify(k)}: ${v},`);
    lines.push('};', '');
  }
  for (const c of write?.todoConstants ?? []) lines.push(comment(c.comment), `const ${c.name} = 'TODO';`, '');
  const helpers = helperSource(use);
  if (helpers) lines.push(helpers, '');
  lines.push(
    '// Builds one destination record from one source record.',
    'function buildRecord(source) {',
    '  const record = {};',
    '  let value;',
    ...fieldBlocks.flatMap((block) => ['  (() => {', ...block, '  })();']),
    '  return record;',
    '}',
    '',
    'fn(state => {',
    '  const sources = Array.isArray(state.data) ? state.data : [state.data];',
    '  state.records = sources.map(buildRecord);',
    '  return state;',
    '});',
    '',
  );
  if (write) lines.push(...(write.todo !== undefined ? [comment(`TODO: ${write.todo}.`)] : []), write.call, '');
  else lines.push(comment(`TODO: write state.records to ${dest.resource} in ${dest.system}.`), '');
  return { body: lines.join('\n'), adaptor: adaptorRef(spec ?? commonAdaptor), ...(spec && write ? { destination: { spec, write } } : {}), notes };
}
