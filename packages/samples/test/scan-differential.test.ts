// The credential and personal-data scan was made faster (anchored searches instead of patterns
// tried at every character, every 13th character looked at for ids, ASCII chunks read as Latin-1).
// Speed must lose nothing: the scan of today and the scan before (reference-scan.ts, verbatim) must
// report the same findings, with the same kinds, offsets, lines, columns and counts, on text made to
// hit the edges: overlapping and adjacent matches, near misses, keys and values split across chunk
// boundaries, Unicode (case folding, surrogate pairs, byte-order marks), CRLF, long lines.
import { describe, expect, it } from 'vitest';
import { decodeChunks, sampleChunkBytes, scanChunks, scanOverlap } from '../src/file-scan.js';
import { findCredentials, findPersonalData } from '../src/scan.js';
import * as reference from './reference-scan.js';

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A valid 13-digit id: a date, six digits, and the Luhn check digit. */
function thirteenDigitId(r: () => number): string {
  const body = `9${String(1 + Math.floor(r() * 12)).padStart(2, '0')}${String(1 + Math.floor(r() * 28)).padStart(2, '0')}${String(Math.floor(r() * 1e7)).padStart(7, '0')}`;
  for (let check = 0; check < 10; check++) if (reference.luhn(body + String(check))) return body + String(check);
  return body;
}

/** Pieces of sample text, each a likely finding, a near miss or filler; joined at random. */
function pieces(r: () => number): (() => string)[] {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const run = (chars: string, n: number): string => Array.from({ length: n }, () => chars[Math.floor(r() * chars.length)]).join('');
  const digits = (n: number): string => run('0123456789', n);
  const word = (): string => pick(['password', 'PassWord', 'passwd', 'passphrase', 'secret', 'SECRET', 'token', 'api_key', 'API-KEY', 'apikey', 'private_key', 'privatekey', 'access-key', 'authorization', 'Credential', 'ſecret', 'api_Key', 'phone', 'Mobile', 'msisdn', 'telephone', 'tel_no', 'telno', 'contact_number', 'contactnumber', 'dob', 'DOB', 'birth', 'date_of_birth', 'name', 'full_name', 'first_name', 'passwordob', 'secretelephone', 'tokenumber']);
  const value = (): string => pick(['', '***', 'xxx', '...', '<token>', '${SECRET}', '{{ secret }}', 'redacted', 'changeme', 'null', 'your_key', 'example', 's3cr3t-value', run(alnum, 30), `+232 ${digits(2)} ${digits(6)}`, `+${digits(11)}`, `(${digits(3)}) ${digits(3)}-${digits(4)}`, '1990-01-31', '2026-11-19T09:18:02', 'Fatmata Kamara', 'Ann-Marie Conteh', 'Test Person', 'a "quoted" value', 'line\\nbreak', 'é ü 中文 😀']);
  return [
    () => `{"${word()}": "${value()}"}`,
    () => `"${pick(['', 'x_', 'user ', 'a.b-'])}${word()}${pick(['', '_2', ' hash', 'X'.repeat(60)])}" ${pick([':', ' : ', ':\t'])} ${pick(['"', '"'])}${value()}"`,
    () => `"${word()}":${digits(5)}`,
    () => `${pick(['', ' ', 'x', '_', '.'])}gh${pick(['p', 'o', 'u', 's', 'r', 'x'])}_${run(alnum, pick([35, 36, 40]))}${pick(['', ' ', '_', '"'])}`,
    () => `github_pat_${run(`${alnum}_`, pick([49, 50, 60]))}${pick(['', '-'])}`,
    () => `${pick(['', 'X'])}${pick(['AKIA', 'ASIA', 'AKIB'])}${run('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', pick([15, 16, 17]))}`,
    () => `xox${pick(['a', 'b', 'p', 'r', 's', 'q'])}-${run(`${alnum}-`, pick([9, 10, 30]))}`,
    () => `${pick(['', 'eyJ', 'yJ'])}eyJ${run(alnum, pick([7, 8, 20]))}.eyJ${run(alnum, pick([8, 12]))}.${run(`${alnum}_-`, pick([7, 8, 40]))}`,
    () => `${pick(['', 'x'])}${pick(['r', 's', 'p'])}k_live_${run(alnum, pick([15, 16, 24]))}`,
    () => `AIza${run(`${alnum}_-`, pick([34, 35, 36]))}`,
    () => `${pick(['-----', '------', '----'])}BEGIN ${pick(['RSA ', 'EC ', '', 'OPENSSH '])}PRIVATE KEY-----`,
    () => `${pick(['Bearer', 'bearer', 'xBearer'])}${pick([' ', '  ', '\n', '\t'])}${run(`${alnum}._~+/-`, pick([19, 20, 40]))}${pick(['', '=', '=='])}`,
    () => `${run('abcdefghij._%+-', pick([1, 10, 70]))}@${pick(['example.org', 'mail.co.uk', 'x', 'a-b.c', 'host.d'])}`,
    () => `"+${digits(pick([9, 10, 12, 15, 16]))}"${pick(['', '+', `+${digits(11)}"`])}`,
    () => `${pick(['', '1', 'x'])}${pick(['000', '666', '912', '123', digits(3)])}-${pick(['00', '45', digits(2)])}-${pick(['0000', '6789', digits(4)])}${pick(['', '1', ' '])}`,
    () => `${pick(['', '.', '1', '-', ' ', '"'])}${pick([thirteenDigitId(r), digits(13), thirteenDigitId(r).slice(0, 12), `${thirteenDigitId(r)}7`])}${pick(['', '.', '5', ' ', '"', '.5'])}`,
    () => `${pick(['', '-', '.', ' '])}${digits(pick([12, 13, 14, 26, 27, 39]))}${pick(['', '.', 'e', ' '])}`,
    () => `{"${pick(['name', 'full_name', 'mother_name', 'abcdefghijklmnopqrstuname', 'username'])}"${pick([':', ' : '])}"${pick(['Fatmata Kamara', 'Ann-Marie Conteh', 'Test Person', 'fatmata kamara', "Mary O'Neil"])}"}`,
    () => pick(['\n', '\r\n', '\n\n', ' ', ',', '{', '}', '[', ']', '"', ':', '\\"', '\t', 'é', '中', '😀', '\uFEFF', 'K', 'ſ']),
    () => run(`${alnum} ,:{}[]"`, Math.floor(r() * 80)),
  ];
}

function corpus(seed: number, n: number): string {
  const r = random(seed);
  const ps = pieces(r);
  let out = '';
  for (let i = 0; i < n; i++) out += ps[Math.floor(r() * ps.length)]?.() ?? '';
  return out;
}

function* chunked(bytes: Uint8Array, sizes: () => number): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; ) {
    const n = Math.max(1, sizes());
    yield bytes.subarray(at, at + n);
    at += n;
  }
}

describe('the scan, against the scan before it was made faster', () => {
  it('finds the same credentials and personal data in generated text, at any limit', () => {
    let findings = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const text = corpus(seed, 200);
      const limit = seed % 3 === 0 ? text.length : Math.floor(random(seed)() * text.length);
      const creds = findCredentials(text, limit);
      expect(creds, `seed ${seed}`).toEqual(reference.findCredentials(text, limit));
      const personal = findPersonalData(text, limit);
      expect(personal, `seed ${seed}`).toEqual(reference.findPersonalData(text, limit));
      findings += creds.length + personal.length;
    }
    // The corpus hits: it is no test if it finds nothing.
    expect(findings).toBeGreaterThan(3000);
  });

  it('reports the same lines, columns and counts over a file read in chunks of any size', () => {
    const encoder = new TextEncoder();
    for (let seed = 1; seed <= 40; seed++) {
      // Chunks of a few bytes make a window per chunk: those on short files only.
      const tiny = seed <= 6;
      const text = corpus(1000 + seed, tiny ? 60 : 1500);
      // Some files start with a byte-order mark; some hold bytes that are not UTF-8.
      const bytes = encoder.encode(seed % 5 === 0 ? `\uFEFF${text}` : text);
      if (seed % 7 === 0) bytes[Math.floor(bytes.length / 2)] = 0xff;
      const r = random(seed);
      const sizes = tiny ? [() => 1 + Math.floor(r() * 5), () => 1 + Math.floor(r() * 40)] : [() => 200 + Math.floor(r() * 400), () => 4096, () => bytes.length, () => 257 + Math.floor(r() * 2000)];
      for (const size of sizes) {
        const parts = [...chunked(bytes, size)];
        const now = scanChunks(parts);
        expect(now, `seed ${seed}`).toEqual(reference.scanChunks(parts, scanOverlap));
      }
    }
  });

  it('finds values and keys split across 1 MiB chunk boundaries and lines longer than a chunk', () => {
    const filler = (n: number): string => `{"note": "${'a'.repeat(n)}"}\n`;
    const records = [
      '{"password": "s3cr3t-value-long-enough"}',
      `{"auth": "Bearer ${'A1b2'.repeat(10)}"}`,
      '{"phone": "+23276123456", "full_name": "Fatmata Kamara"}',
      `{"id": "${thirteenDigitId(random(7))}", "mail": "someone@example.org"}`,
      `{"jwt": "eyJ${'a'.repeat(10)}.eyJ${'b'.repeat(10)}.${'c'.repeat(10)}"}`,
    ];
    for (const shift of [0, 1, 3, 9, 17, 40]) {
      // Each record placed so that a chunk boundary falls inside it, `shift` bytes from its start.
      let text = '';
      for (const record of records) text += filler(1024 * 1024 - (text.length % (1024 * 1024)) - shift - 14) + record + '\r\n';
      text += `{"long": "${'x'.repeat(3 * 1024 * 1024)} ghp_${'a'.repeat(36)} "}\n`;
      const bytes = new TextEncoder().encode(text);
      const parts = [...chunked(bytes, () => 1024 * 1024)];
      const now = scanChunks(parts);
      expect(now).toEqual(reference.scanChunks(parts, scanOverlap));
      expect(now.credentials.map((c) => c.kind)).toEqual(['a value under a key that names a secret', 'a value shaped like a bearer token', 'a value shaped like a JSON Web Token', 'a value shaped like a GitHub token']);
      expect(now.personal.map((p) => p.kind).sort()).toEqual(['email address', 'name next to a phone number', 'national id number', 'phone number']);
    }
  });
});

describe('the scan over the chunks a sample is read in', () => {
  it('finds a long secret value and a name with a phone number 300 characters on, wherever a chunk boundary cuts them', () => {
    const secret = `{"api_key": "${'k1'.repeat(2000)}\\"${'z'.repeat(50)}"}`;
    const person = `{"full_name": "Fatmata Kamara", "note": "${'n'.repeat(240)}", "phone": "+23276123456"}`;
    for (const record of [secret, person]) {
      for (const cut of [1, 13, 200, 1000, record.length - 40]) {
        // The record starts `cut` bytes before the end of the second chunk.
        const before = `{"note": "${'a'.repeat(2 * sampleChunkBytes - cut - 14)}"}\n`;
        const bytes = new TextEncoder().encode(`${before}${record}\n{"after": 1}\n`);
        const scan = scanChunks(chunked(bytes, () => sampleChunkBytes));
        const where = { start: { line: 2, column: 2 }, end: { line: 2, column: 2 } };
        if (record === secret) expect(scan.credentials, `cut ${cut}`).toEqual([{ range: where, kind: 'a value under a key that names a secret', offset: before.length + 1 }]);
        else expect(scan.personal.find((p) => p.kind === 'name next to a phone number'), `cut ${cut}`).toEqual({ kind: 'name next to a phone number', count: 1, first: where });
      }
    }
  });
});

describe('decodeChunks', () => {
  const decode = (parts: number[][]): string => {
    const text = decodeChunks();
    let out = '';
    for (const p of parts) out = text(out, new Uint8Array(p));
    return text(out, undefined);
  };

  it('decodes as one TextDecoder over the whole file: a mark dropped at the start only, characters split across chunks, bad bytes as U+FFFD', () => {
    const bom = [0xef, 0xbb, 0xbf];
    const a = [0x61];
    const e = [0xc3, 0xa9];
    const cases: number[][][] = [
      [[...bom, ...a], a],
      [[0xef], [0xbb, 0xbf, ...a]],
      [[], [...bom, ...a]],
      [a, [...bom, ...a]],
      [a, bom, a],
      [[0xc3], [0xa9, ...a]],
      [[0xc3], a, a],
      [[0xf0, 0x9f], [0x98, 0x80], a],
      [a, [0xff], a],
      [a, [0xe2, 0x82]],
      [[...e, ...e], a, e],
    ];
    for (const parts of cases) {
      expect(decode(parts), JSON.stringify(parts)).toBe(new TextDecoder().decode(new Uint8Array(parts.flat())));
    }
    // A mark after ASCII text stays: only the start of the file may drop it.
    expect(decode([a, bom])).toBe('a\uFEFF');
  });
});
