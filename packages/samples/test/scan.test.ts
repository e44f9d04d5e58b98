import { describe, expect, it } from 'vitest';
import { findPersonalData } from '../src/scan.js';

const names = (text: string) => findPersonalData(text).find((f) => f.kind === 'name next to a phone number');

describe('findPersonalData: names next to phone numbers', () => {
  it('counts each name value under a key ending in "name", at the key\'s opening quote', () => {
    const text = '{"full_name": "Fatmata Kamara", "phone": "+23276123456"}\n{"first_name":"Ann-Marie Conteh","x":"+232 76 123 456"}\n';
    expect(names(text)).toEqual({ kind: 'name next to a phone number', count: 2, firstOffset: 1 });
  });

  it('ignores test words, keys of more than 20 letters before "name", values ending in "name" and names far from a phone', () => {
    const phone = '"tel": "+23276123456"';
    expect(names(`{"name": "Test Person", ${phone}}`)).toBeUndefined();
    expect(names(`{"abcdefghijklmnopqrstuname": "Fatmata Kamara", ${phone}}`)).toBeUndefined();
    expect(names(`{"abcdefghijklmnopqrstname": "Fatmata Kamara", ${phone}}`)?.count).toBe(1);
    expect(names(`{"x": "Fatmata Surname", ${phone}}`)).toBeUndefined();
    expect(names(`{"name": "Fatmata Kamara", "pad": "${'a'.repeat(320)}", ${phone}}`)).toBeUndefined();
    expect(names(`{"name" : "Fatmata Kamara"} {"name": "Fatmata Kamara", ${phone}}`)?.count).toBe(2);
  });
});
