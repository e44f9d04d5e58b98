import { describe, expect, it } from 'vitest';
import { FieldPathError, forEachValue, formatFieldPath, parseFieldPath, selectValues, selectValuesByItem } from '../src/field-path.js';

const segs = (text: string) => parseFieldPath(text).segments.map(({ start: _s, end: _e, ...rest }) => rest);

describe('parseFieldPath', () => {
  it.each([
    ['properties.dob', [{ kind: 'key', key: 'properties' }, { kind: 'key', key: 'dob' }]],
    ['form.case.update.dob', [{ kind: 'key', key: 'form' }, { kind: 'key', key: 'case' }, { kind: 'key', key: 'update' }, { kind: 'key', key: 'dob' }]],
    ['body["patient_address/Upazilla"]', [{ kind: 'key', key: 'body' }, { kind: 'key', key: 'patient_address/Upazilla' }]],
    ['["meta/instanceID"]', [{ kind: 'key', key: 'meta/instanceID' }]],
    ['household/hh_size', [{ kind: 'key', key: 'household/hh_size' }]],
    ['["a.b"].c', [{ kind: 'key', key: 'a.b' }, { kind: 'key', key: 'c' }]],
    ['form.case["@case_id"]', [{ kind: 'key', key: 'form' }, { kind: 'key', key: 'case' }, { kind: 'key', key: '@case_id' }]],
    ['urn:oid:1.2', [{ kind: 'key', key: 'urn:oid:1' }, { kind: 'key', key: '2' }]],
    ['["key with spaces"]', [{ kind: 'key', key: 'key with spaces' }]],
    ['["quote \\" and \\\\ backslash"]', [{ kind: 'key', key: 'quote " and \\ backslash' }]],
    ['données.âge', [{ kind: 'key', key: 'données' }, { kind: 'key', key: 'âge' }]],
    ['患者.年龄', [{ kind: 'key', key: '患者' }, { kind: 'key', key: '年龄' }]],
    ['dataValues[].value', [{ kind: 'key', key: 'dataValues' }, { kind: 'each' }, { kind: 'key', key: 'value' }]],
    ['items[0].code', [{ kind: 'key', key: 'items' }, { kind: 'index', index: 0 }, { kind: 'key', key: 'code' }]],
    ['[12]', [{ kind: 'index', index: 12 }]],
    ['attributes[attribute=w75KJ2mc4zz].value', [{ kind: 'key', key: 'attributes' }, { kind: 'filter', key: 'attribute', keyPath: ['attribute'], value: 'w75KJ2mc4zz' }, { kind: 'key', key: 'value' }]],
    ['rows[name="two words"]', [{ kind: 'key', key: 'rows' }, { kind: 'filter', key: 'name', keyPath: ['name'], value: 'two words' }]],
    ['objects[form.@name="Update Household"]', [{ kind: 'key', key: 'objects' }, { kind: 'filter', key: 'form.@name', keyPath: ['form', '@name'], value: 'Update Household' }]],
    ['["datasets/survey_type"=baseline]', [{ kind: 'filter', key: 'datasets/survey_type', keyPath: ['datasets/survey_type'], value: 'baseline' }]],
    ['rows["a b"."c.d"=1].x', [{ kind: 'key', key: 'rows' }, { kind: 'filter', key: '"a b"."c.d"', keyPath: ['a b', 'c.d'], value: '1' }, { kind: 'key', key: 'x' }]],
    ['a[][]', [{ kind: 'key', key: 'a' }, { kind: 'each' }, { kind: 'each' }]],
    ['__proto__.constructor', [{ kind: 'key', key: '__proto__' }, { kind: 'key', key: 'constructor' }]],
  ])('parses %s', (text, expected) => {
    expect(segs(text)).toEqual(expected);
  });

  it.each([
    ['', 0],
    ['.a', 0],
    ['a.', 1],
    ['a..b', 2],
    ['a b', 1],
    ['a[', 2],
    ['a[x', 3],
    ['a["unterminated', 2],
    ['a[01]', 2],
    ['a[1x]', 3],
    ['a]', 1],
    ['a[]b', 3],
    ["a['x']", 2],
    ['a[k=]', 4],
    ['a["\\q"]', 2],
    ['a"b"', 1],
    ['a[form..x=1]', 7],
    ['a[form.=1]', 7],
    ['a["k" x]', 5],
  ])('rejects %j at offset %i', (text, offset) => {
    let error: unknown;
    try {
      parseFieldPath(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FieldPathError);
    expect((error as FieldPathError).offset).toBe(offset);
  });

  it('formats a canonical path that parses back to the same segments', () => {
    for (const text of ['objects[form.@name="Update Household"]', '["datasets/survey_type"=baseline]', 'properties.dob', 'body["patient_address/Upazilla"]', 'dataValues[].value', 'items[0].code', 'attributes[attribute=w75KJ2mc4zz].value', '["a b"].c', 'rows[name="two words"]', '["a.b"]']) {
      const formatted = formatFieldPath(parseFieldPath(text).segments);
      expect(segs(formatted)).toEqual(segs(text));
    }
    expect(formatFieldPath(parseFieldPath('body["patient_address/Upazilla"]').segments)).toBe('body.patient_address/Upazilla');
    expect(formatFieldPath(parseFieldPath('["a b"].c').segments)).toBe('["a b"].c');
  });
});

describe('real exports: picks on nested and quoted keys, one-entry repeats sent as an object', () => {
  it('picks items by a nested key (CommCare forms by form.@name) and by a quoted Kobo key', () => {
    const commcare = { objects: [{ form: { '@name': 'Register' }, id: 1 }, { form: { '@name': 'Update Household' }, id: 2 }] };
    expect(selectValues(commcare, parseFieldPath('objects[form.@name="Update Household"].id'))).toEqual([2]);
    const kobo = [{ 'datasets/survey_type': 'baseline', n: 1 }, { 'datasets/survey_type': 'endline', n: 2 }];
    expect(selectValues(kobo, parseFieldPath('["datasets/survey_type"=baseline].n'))).toEqual([1]);
  });

  it('iterates a repeat group with one entry sent as an object like one with several sent as an array', () => {
    const one = { form: { child: { name: 'A' } } };
    const many = { form: { child: [{ name: 'A' }, { name: 'B' }] } };
    const path = parseFieldPath('form.child[].name');
    expect(selectValues(one, path)).toEqual(['A']);
    expect(selectValues(many, path)).toEqual(['A', 'B']);
    const seen: unknown[] = [];
    expect(forEachValue(one, path, (v) => seen.push(v))).toBe(1);
    expect(seen).toEqual(['A']);
    expect(selectValues({ form: { child: { sex: 'f', name: 'A' } } }, parseFieldPath('form.child[sex=f].name'))).toEqual(['A']);
  });

  it('P18: iterates an array of a million items without a spread', () => {
    const big = { rows: Array.from({ length: 1_000_000 }, (_, i) => i) };
    expect(selectValues(big, parseFieldPath('rows[]'))).toHaveLength(1_000_000);
  });
});

describe('selectValues', () => {
  const kobo = { 'patient_address/Upazilla': 'Savar', 'meta/instanceID': 'uuid:1', members: [{ age: '3' }, { age: '41' }] };
  const dhis2 = {
    attributes: [
      { attribute: 'w75KJ2mc4zz', value: 'Test' },
      { attribute: 'zDhUuAYrxNC', value: 'Alpha' },
    ],
    enrollments: [{ events: [{ dataValues: [{ dataElement: 'a', value: '1' }, { dataElement: 'b', value: '2' }] }] }],
  };

  it('reads Kobo group/question keys', () => {
    expect(selectValues(kobo, parseFieldPath('["patient_address/Upazilla"]'))).toEqual(['Savar']);
    expect(selectValues(kobo, parseFieldPath('members[].age'))).toEqual(['3', '41']);
    expect(selectValues(kobo, parseFieldPath('members[1].age'))).toEqual(['41']);
    expect(selectValues(kobo, parseFieldPath('members[5].age'))).toEqual([]);
  });

  it('picks DHIS2 array items by UID', () => {
    expect(selectValues(dhis2, parseFieldPath('attributes[attribute=zDhUuAYrxNC].value'))).toEqual(['Alpha']);
    expect(selectValues(dhis2, parseFieldPath('enrollments[0].events[].dataValues[dataElement=b].value'))).toEqual(['2']);
    expect(selectValues(dhis2, parseFieldPath('attributes[attribute=missing].value'))).toEqual([]);
  });

  it('reads only own properties', () => {
    expect(selectValues({}, parseFieldPath('constructor'))).toEqual([]);
    expect(selectValues({}, parseFieldPath('__proto__'))).toEqual([]);
    const record = JSON.parse('{"__proto__": {"x": 1}}') as unknown;
    expect(selectValues(record, parseFieldPath('__proto__.x'))).toEqual([1]);
  });
});

describe('selectValuesByItem', () => {
  const events = (weights: (string | undefined)[]) => ({ events: weights.map((w) => ({ dataValues: w === undefined ? [] : [{ dataElement: 'W', value: w }] })) });
  const path = parseFieldPath('events[].dataValues[dataElement=W].value');

  it('keeps the values of each item apart where selectValues lists them together', () => {
    expect(selectValuesByItem(events(['61', undefined, '63']), path)).toEqual([[['61'], [], ['63']]]);
    expect(selectValues(events(['61', undefined, '63']), path)).toEqual(['61', '63']);
    expect(selectValuesByItem(events(['61', '63', undefined]), path)).not.toEqual(selectValuesByItem(events(['61', undefined, '63']), path));
  });

  it('is selectValues for a path without a [] before its end, and takes a one-entry repeat as a list of one', () => {
    const tags = parseFieldPath('tags[]');
    expect(selectValuesByItem({ tags: ['a', 'b'] }, tags)).toEqual(selectValues({ tags: ['a', 'b'] }, tags));
    expect(selectValuesByItem({ events: { dataValues: [{ dataElement: 'W', value: '1' }] } }, path)).toEqual([[['1']]]);
    expect(selectValuesByItem({}, path)).toEqual([]);
  });
});

describe('forEachValue', () => {
  it('visits exactly what selectValues lists, in the same order, and counts it', () => {
    const record = JSON.parse('{"__proto__": {"x": 1}, "a": [{"k": "p", "v": [1, 2]}, {"k": "q", "v": []}, {"k": "p", "v": [3]}, 7], "b": {"c": null}}') as unknown;
    const paths = ['a[].v[]', 'a[k=p].v[0]', 'a[1].k', '__proto__.x', 'b.c', 'b.c.d', 'a[].k', 'missing[]', 'a', 'a[9]'];
    // Longer than the recursion limit: walked by selectValues instead.
    paths.push(Array.from({ length: 300 }, () => 'a').join('.'));
    for (const text of paths) {
      const path = parseFieldPath(text);
      const seen: unknown[] = [];
      const n = forEachValue(record, path, (v) => seen.push(v));
      expect(seen, text).toEqual(selectValues(record, path));
      expect(n, text).toBe(seen.length);
    }
  });
});

