import { readFileSync } from 'node:fs';
import { loadProjects, nodeFs } from '@interop-design/core';
import { testdir } from '@interop-design/test-utils';
import { describe, expect, it } from 'vitest';
import { catalogueOf, findField, resourcesNamed } from '../src/index.js';
import type { CatalogueResource, ChoiceSet, MetadataInput, ReadResult } from '../src/index.js';
import { indexJson } from '../src/json-index.js';
import { dhis2Reader, readDhis2Bytes } from '../src/readers/dhis2.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const example = readFileSync(new URL('../../../examples/dhis2-godata/metadata/dhis2-covid19-tracker.json', import.meta.url), 'utf8');
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** What JSON.parse makes of the text, in the index's terms: top-level keys, and per array member its element count, ids and names. */
function expected(text: string): Record<string, { count: number; ids: (string | undefined)[]; names: (string | undefined)[] } | 'value'> | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/u, ''));
  } catch {
    return undefined;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const isObj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
  return Object.fromEntries(
    Object.entries(v).map(([k, m]) => [
      k,
      Array.isArray(m) ? { count: m.length, ids: m.map((e) => (isObj(e) && typeof e.id === 'string' ? e.id : undefined)), names: m.map((e) => (isObj(e) && typeof e.name === 'string' ? e.name : undefined)) } : 'value',
    ]),
  );
}

/** The same, read from the index (and the slices it gives parse to the members' values). */
function indexed(text: string): ReturnType<typeof expected> {
  const bytes = encode(text);
  const ix = indexJson(bytes, 256);
  if (!ix) return undefined;
  const dec = new TextDecoder();
  const token = (s: number, e: number): string | undefined => (s < 0 ? undefined : (JSON.parse(dec.decode(bytes.subarray(s, e))) as string));
  const out: NonNullable<ReturnType<typeof expected>> = {};
  for (const [k, m] of ix.members) {
    const e = m.elements;
    if (!e) {
      expect(Array.isArray(JSON.parse(dec.decode(bytes.subarray(m.start, m.end))))).toBe(false);
      out[k] = 'value';
      continue;
    }
    expect((JSON.parse(dec.decode(bytes.subarray(m.start, m.end))) as unknown[]).length).toBe(e.starts.length);
    out[k] = { count: e.starts.length, ids: e.idStarts.map((s, i) => token(s, e.idEnds[i] ?? 0)), names: e.nameStarts.map((s, i) => token(s, e.nameEnds[i] ?? 0)) };
  }
  return out;
}

/** A deterministic pseudo-random sequence. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

describe('indexJson', () => {
  const valid: [string, string][] = [
    ['empty object', '{}'],
    ['whitespace of every kind', ' \t\r\n{ "a" : [ 1 , -2.5e+3 , 0 , 1E-2 , true , false , null , "s" , { } , [ ] ] }\n'],
    ['a byte order mark', '\uFEFF{"programs": []}'],
    ['ids and names, the last one counting', '{"x":[{"id":"A","name":"n","id":"B"},{"id":"C","id":5},{"name":{"en":"N"}},{"id":["A"]},"s",[{"id":"D"}],{"a":{"id":"deep"}}]}'],
    ['escaped keys and values', '{"p\\u0072ograms":[{"\\u0069d":"a\\"b\\\\c\\/\\b\\f\\n\\r\\t\\u00e9","n\\u0061me":"\\ud83d\\ude00"}]}'],
    ['a repeated top-level key (the last wins)', '{"programs":[{"id":"A"}],"programs":{"id":"B"},"dataElements":1,"dataElements":[{"id":"C"}]}'],
    ['non-ASCII text', '{"programs":[{"id":"Ünïcødé","name":"Programme de santé maternelle – 母婴"}],"x":"\u2028"}'],
    ['the bench-sized fixture', fixture('dhis2-package.json')],
    ['the example package', example],
  ];
  it.each(valid)('reads what JSON.parse reads: %s', (_name, text) => {
    expect(expected(text)).toBeDefined();
    expect(indexed(text)).toEqual(expected(text));
  });

  const invalid: [string, string][] = [
    ['a top level that is an array', '[{"id":"A"}]'],
    ['a top level that is a string', '"programs"'],
    ['a trailing comma', '{"a":[1,]}'],
    ['a missing colon', '{"a" 1}'],
    ['a missing comma', '{"a":1 "b":2}'],
    ['a leading zero', '{"a":01}'],
    ['a bare minus', '{"a":-}'],
    ['a dot without digits', '{"a":1.}'],
    ['an exponent without digits', '{"a":1e}'],
    ['a plus sign', '{"a":+1}'],
    ['single quotes', "{'a':1}"],
    ['a raw tab in a string', '{"a":"x\ty"}'],
    ['a raw newline in a key', '{"a\nb":1}'],
    ['an unknown escape', '{"a":"\\x41"}'],
    ['a short unicode escape', '{"a":"\\u12"}'],
    ['an unterminated string', '{"a":"abc'],
    ['an unclosed object', '{"a":{"b":1}'],
    ['a mismatched bracket', '{"a":[1}'],
    ['text after the value', '{"a":1} x'],
    ['a second value', '{"a":1}{}'],
    ['NaN', '{"a":NaN}'],
    ['a truncated literal', '{"a":tru}'],
    ['a comment', '{"a":1 /* no */}'],
    ['non-breaking space as whitespace', '{"a":\u00a01}'],
    ['nesting deeper than the limit', `{"a":${'['.repeat(300)}${']'.repeat(300)}}`],
  ];
  it.each(invalid)('gives undefined (the caller parses the whole text) for %s', (_name, text) => {
    expect(indexJson(encode(text), 256)).toBeUndefined();
  });

  it('accepts well-formed UTF-8 in strings and refuses what a fatal UTF-8 decoder refuses', () => {
    const withBytes = (...middle: number[]): Uint8Array => new Uint8Array([...encode('{"a":"x'), ...middle, ...encode('"}')]);
    const decodes = (b: Uint8Array): boolean => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(b);
        return true;
      } catch {
        return false;
      }
    };
    const good = [[0xc3, 0xa9], [0xe6, 0xaf, 0x8d], [0xe2, 0x80, 0xa8], [0xef, 0xbf, 0xbf], [0xf0, 0x9f, 0x98, 0x80], [0xf4, 0x8f, 0xbf, 0xbf]];
    const bad = [[0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xc3], [0xe0, 0x80, 0x80], [0xe0, 0x9f, 0xbf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf0, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xff], [0xc3, 0x22]];
    for (const g of good) {
      expect(decodes(withBytes(...g))).toBe(true);
      expect(indexJson(withBytes(...g), 256)).toBeDefined();
    }
    for (const x of bad) {
      expect(decodes(withBytes(...x))).toBe(false);
      expect(indexJson(withBytes(...x), 256)).toBeUndefined();
    }
    // Outside strings, no byte of 0x80 or above is JSON.
    expect(indexJson(new Uint8Array([...encode('{"a":1'), 0xc2, 0xa0, ...encode('}')]), 256)).toBeUndefined();
  });

  it('never accepts what JSON.parse refuses, and reads the same members: 3,000 corrupted packages', () => {
    const next = random(7);
    const base = [fixture('dhis2-package.json'), JSON.stringify(JSON.parse(example))];
    const pieces = ['"', ',', ':', '{', '}', '[', ']', '\\', '\\u', '\t', '\n', '1', '-', '.', 'e', 'true', 'nul', ' ', '\u0001', 'é', '"id":"X",', '"id":'];
    let accepted = 0;
    for (let n = 0; n < 3000; n++) {
      const text = base[n % 2] ?? '';
      const at = Math.floor(next() * text.length);
      const cut = Math.floor(next() * 4);
      const piece = pieces[Math.floor(next() * pieces.length)] ?? '';
      const mutated = next() < 0.15 ? text.slice(0, at) : text.slice(0, at) + piece + text.slice(at + cut);
      const want = expected(mutated);
      const got = indexed(mutated);
      if (want === undefined) expect(got).toBeUndefined();
      else if (got !== undefined) {
        accepted++;
        expect(got).toEqual(want);
      }
    }
    // Most mutations break the JSON; those that do not are read.
    expect(accepted).toBeGreaterThan(50);
  });
});

function input(file: string, text: string): MetadataInput {
  return { file, bytes: encode(text), text, syntax: 'json', value: JSON.parse(text.replace(/^\uFEFF/u, '')) };
}

/** A read result as plain data, every lazy part built. */
function plain(r: ReadResult): unknown {
  const resource = (x: CatalogueResource): unknown => ({ ...x, isOpen: ['orgUnit', 'period', 'foo', 'attributes'].map((p) => x.isOpen?.(p)), fields: [...x.fields] });
  const set = (s: ChoiceSet): unknown => ({ ...s, choices: s.choices });
  return { resources: r.resources.map(resource), choiceSets: r.choiceSets?.map(set) };
}

describe('DHIS2 packages read from the index of their bytes', () => {
  const v = JSON.parse(example) as Record<string, unknown[]>;
  const variants: [string, string][] = [
    ['the fixture', fixture('dhis2-package.json')],
    ['the example, minified', JSON.stringify(v)],
    ['the example, pretty-printed with tabs and CRLF', JSON.stringify(v, null, '\t').replaceAll('\n', '\r\n')],
    ['escaped ids, names and keys', JSON.stringify(v).replaceAll('"name":"', '"n\\u0061me":"\\u00e9\\" ').replaceAll('"id":"', '"\\u0069d":"')],
    ['non-ASCII names', JSON.stringify(v).replaceAll('"name":"', '"name":"Santé – ')],
    ['stages inline in their programs', JSON.stringify({ ...v, programs: v.programs?.map((p) => ({ ...(p as object), programStages: v.programStages })), programStages: [] })],
    ['option sets referring to top-level options', JSON.stringify({ ...v, optionSets: (v.optionSets as { id: string; options: { code: string }[] }[]).map((s) => ({ ...s, options: s.options.map((o) => ({ id: `${s.id}-${o.code}` })) })), options: (v.optionSets as { id: string; options: { code: string }[] }[]).flatMap((s) => s.options.map((o) => ({ ...o, id: `${s.id}-${o.code}` }))) })],
    ['a later duplicate of every stage and data element', JSON.stringify({ ...v, programStages: [...(v.programStages ?? []), ...(v.programStages ?? []).map((s) => ({ ...(s as object), name: 'again' }))], dataElements: [...(v.dataElements ?? []), ...(v.dataElements ?? []).map((d) => ({ ...(d as object), valueType: 'LONG_TEXT' }))] })],
  ];
  it.each(variants)('gives the catalogue the parsed value gives: %s', (_name, text) => {
    const fromBytes = readDhis2Bytes(input('metadata/export.json', text), 256);
    expect(fromBytes).toBeDefined();
    expect(dhis2Reader.recognises(input('metadata/export.json', text))).toBe(true);
    expect(plain(fromBytes as ReadResult)).toEqual(plain(dhis2Reader.read(input('metadata/export.json', text)) as ReadResult));
  });

  it('leaves to the usual path what is not a DHIS2 collection export (single option sets, describes, other JSON)', () => {
    for (const f of ['dhis2-optionSet.json', 'salesforce-Patient__c.json', 'salesforce-bundle.json', 'kobo-asset.json', 'godata-outbreak.json', 'commcare-app.json']) {
      expect(readDhis2Bytes(input(f, fixture(f)), 256)).toBeUndefined();
    }
    expect(readDhis2Bytes(input('x.json', '{"programs": [{"name": "no id"}]}'), 256)).toBeUndefined();
  });

  it('a broken package is metadata-syntax at its line and column, and the run goes on', () => {
    const broken = fixture('dhis2-package.json').replace('"shortName": "Child Programme",', '"shortName": "Child Programme"');
    const [p] = loadProjects(nodeFs(testdir({
      'interop-design.yaml': 'name: Metadata\nsystems:\n  dhis2: { type: dhis2, metadata: [metadata/dhis2-package.json, metadata/dhis2-optionSet.json] }\n',
      'metadata/dhis2-package.json': broken,
      'metadata/dhis2-optionSet.json': fixture('dhis2-optionSet.json'),
    }))).projects;
    if (!p) throw new Error('no project');
    const c = catalogueOf(p);
    expect(c.diagnostics.map((d) => [d.ruleId, d.file, d.range.start.line, d.range.start.column])).toEqual([['metadata-syntax', 'metadata/dhis2-package.json', 13, 7]]);
    expect(c.systems.get('dhis2')?.choiceSets.has('TQ2lai3OfVG')).toBe(true);
  });

  it('a package with a byte that is not UTF-8 is file-encoding at its line and column, as before', () => {
    const text = fixture('dhis2-package.json');
    const at = text.indexOf('Child Programme');
    const bytes = new Uint8Array([...encode(text.slice(0, at)), 0xc3, 0x28, ...encode(text.slice(at))]);
    const [p] = loadProjects(nodeFs(testdir({
      'interop-design.yaml': 'name: Metadata\nsystems:\n  dhis2: { type: dhis2, metadata: metadata/dhis2-package.json }\n',
      'metadata/dhis2-package.json': bytes,
    }))).projects;
    if (!p) throw new Error('no project');
    expect(catalogueOf(p).diagnostics.map((d) => [d.ruleId, d.range.start.line, d.range.start.column])).toEqual([['file-encoding', 11, 17]]);
  });

  it('the catalogue of a package read from its bytes finds fields, choices and the related line', () => {
    const [p] = loadProjects(nodeFs(testdir({
      'interop-design.yaml': 'name: Metadata\nsystems:\n  dhis2: { type: dhis2, metadata: metadata/dhis2-package.json }\n',
      'metadata/dhis2-package.json': fixture('dhis2-package.json'),
    }))).projects;
    if (!p) throw new Error('no project');
    const c = catalogueOf(p);
    const d = c.systems.get('dhis2');
    if (!d) throw new Error('no system');
    const named = resourcesNamed(d, 'event (program=IpHINAT79UW, programStage=A03MvHHogjR)');
    const gender = findField(named, 'attributes[attribute=cejWyOfXge6].value');
    expect(gender.kind === 'found' && gender.field.choices?.map((x) => x.value)).toEqual(['Male', 'Female']);
    const weight = findField(named, 'dataValues[dataElement=UXz7xuGCEhU].value');
    if (weight.kind !== 'found') throw new Error('not found');
    // The related location is the data element's own entry under dataElements (not the stage's reference at line 78).
    expect(c.locate(weight.field.origin).start).toEqual({ line: 159, column: 13 });
  });
});
