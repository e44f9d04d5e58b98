import { describe, expect, it } from 'vitest';
import { FieldPathError, forEachValue, formatFieldPath, parseFieldPath, selectValues } from '../src/field-path.js';

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
    ['attributes[attribute=w75KJ2mc4zz].value', [{ kind: 'key', key: 'attributes' }, { kind: 'filter', key: 'attribute', value: 'w75KJ2mc4zz' }, { kind: 'key', key: 'value' }]],
    ['rows[name="two words"]', [{ kind: 'key', key: 'rows' }, { kind: 'filter', key: 'name', value: 'two words' }]],
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
    for (const text of ['properties.dob', 'body["patient_address/Upazilla"]', 'dataValues[].value', 'items[0].code', 'attributes[attribute=w75KJ2mc4zz].value', '["a b"].c', 'rows[name="two words"]', '["a.b"]']) {
      const formatted = formatFieldPath(parseFieldPath(text).segments);
      expect(segs(formatted)).toEqual(segs(text));
    }
    expect(formatFieldPath(parseFieldPath('body["patient_address/Upazilla"]').segments)).toBe('body.patient_address/Upazilla');
    expect(formatFieldPath(parseFieldPath('["a b"].c').segments)).toBe('["a b"].c');
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

