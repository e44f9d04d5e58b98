// The scan as it was before it was made faster (commit 3daa4f7), kept verbatim as the reference the
// differential test (scan-differential.test.ts) compares the current scan with. Not used by the package.
import type { Diagnostic } from '@interop-design/core';

export interface CredentialHit {
  offset: number;
  /** What was found, for the message: never the value. */
  kind: string;
}

/** Words that make a key name a secret; searched first, then the key and its value are checked around them. */
const secretWord = /password|passwd|passphrase|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|authorization|credential/giu;
/** From a key's opening quote: the key, the colon and a string value. */
const secretPair = /"([A-Za-z0-9_.\- ]{0,60})"\s*:\s*"((?:[^"\\\n]|\\.){0,4096})"/uy;
const placeholder = /^(?:|\*+|x+|\.\.\.|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|redacted|removed|changeme|null|none|your[_-].*|example)$/iu;

const tokenShapes: [string, RegExp][] = [
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{50,}\b/gu],
  ['AWS access key id', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/gu],
  ['Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/gu],
  ['JSON Web Token', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/gu],
  ['Stripe secret key', /\b[rs]k_live_[A-Za-z0-9]{16,}\b/gu],
  ['Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/gu],
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/gu],
  ['bearer token', /\bBearer\s+[A-Za-z0-9._~+/-]{20,}=*/gu],
];

/** Keys that name a secret with a real-looking value, and values shaped like API tokens, starting before `limit`. */
export function findCredentials(text: string, limit = text.length): CredentialHit[] {
  const hits: CredentialHit[] = [];
  secretWord.lastIndex = 0;
  let lastKey = -1;
  for (let w = secretWord.exec(text); w; w = secretWord.exec(text)) {
    const open = text.lastIndexOf('"', w.index);
    if (open < 0 || open === lastKey || w.index - open > 60 || open >= limit) continue;
    secretPair.lastIndex = open;
    const m = secretPair.exec(text);
    if (!m || m.index + (m[1]?.length ?? 0) + 1 < w.index) continue;
    lastKey = open;
    if (placeholder.test((m[2] ?? '').trim())) continue;
    // The key is not quoted: sample keys are data too; the position says where it is.
    hits.push({ offset: open, kind: 'a value under a key that names a secret' });
  }
  for (const [kind, re] of tokenShapes) {
    for (const m of text.matchAll(re)) if (m.index < limit) hits.push({ offset: m.index, kind: `a value shaped like a ${kind}` });
  }
  return hits.sort((a, b) => a.offset - b.offset);
}

export type PersonalKind = 'email address' | 'phone number' | 'national id number' | 'date of birth' | 'name next to a phone number';

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A 13-digit id whose first six digits are a date and whose last digit is a Luhn check (the South African format). */
function validThirteenDigitId(id: string): boolean {
  const month = Number(id.slice(2, 4));
  const day = Number(id.slice(4, 6));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && luhn(id);
}

export interface PersonalFinding {
  kind: PersonalKind;
  count: number;
  firstOffset: number;
}

/** Patterns anchored on literal text (V8 scans for it fast), then checked around the match. */
const emailLocal = /[A-Za-z0-9._%+-]{1,64}$/u;
const emailDomain = /[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/uy;
const phoneKey = /phone|mobile|msisdn|telephone|tel_?no|contact_?number/giu;
const birthKey = /dob|birth/giu;
/** After a key word: the rest of the key, the colon and a value of the given shape. */
const phoneValue = /[^"\n]{0,40}"\s*:\s*"\+?[\d ()-]{7,}"/uy;
const dateValue = /[^"\n]{0,40}"\s*:\s*"\d{4}-\d{2}-\d{2}/uy;

/** Whether the key word at `index` sits inside a JSON key (a quote before it on the same line, within 40 characters). */
function inKey(text: string, index: number): boolean {
  const from = Math.max(0, index - 40);
  const before = text.slice(from, index);
  return before.includes('"') && !before.slice(before.lastIndexOf('"') + 1).includes('\n');
}

function* keyed(text: string, word: RegExp, value: RegExp): Generator<number> {
  word.lastIndex = 0;
  for (let m = word.exec(text); m; m = word.exec(text)) {
    if (!inKey(text, m.index)) continue;
    value.lastIndex = m.index + m[0].length;
    const found = value.exec(text);
    // The offset of the value's opening quote, so a value matched twice is counted once.
    if (found) yield text.indexOf('"', text.indexOf(':', m.index + m[0].length));
  }
}

function* emails(text: string): Generator<number> {
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    const local = emailLocal.exec(text.slice(Math.max(0, at - 64), at));
    emailDomain.lastIndex = at + 1;
    if (local && emailDomain.test(text)) yield at - local[0].length;
  }
}

function* matches(text: string, re: RegExp, accept?: (m: RegExpMatchArray) => boolean): Generator<number> {
  for (const m of text.matchAll(re)) if (!accept || accept(m)) yield m.index;
}

/** Runs of exactly 13 digits, not part of a longer number or a decimal, that pass the id checks. */
const thirteenDigits = /(?<![\d.])\d{13}(?![\d.])/gu;

function* thirteenDigitIds(text: string): Generator<number> {
  // A regular expression finds the runs several times faster than a loop over characters.
  for (const m of text.matchAll(thirteenDigits)) if (validThirteenDigitId(m[0])) yield m.index;
}

/** A value under a name key that looks like a real person's name: two or more capitalised words, none of them a test word. */
const nameValue = /"(?:[A-Za-z_]{0,20}name)"\s*:\s*"([A-Z][a-z]+(?:[ '-][A-Z][a-z]+)+)"/uy;

/**
 * The matches of `nameValue`, found from the literal `name"` that ends every such key (a string
 * search, many times faster than the pattern tried at every quote of the text): the key's opening
 * quote is the last quote before it, since a key's letters hold none. Left to right, never
 * overlapping, as a global match would be.
 */
function* nameValues(text: string): Generator<RegExpExecArray> {
  let end = 0;
  for (let i = text.indexOf('name"'); i !== -1; i = text.indexOf('name"', i + 1)) {
    const open = text.lastIndexOf('"', i - 1);
    if (open < end) continue;
    nameValue.lastIndex = open;
    const m = nameValue.exec(text);
    if (!m) continue;
    end = open + m[0].length;
    yield m;
  }
}
const testWord = /\b(?:Test|Example|Sample|Demo|Fake|Dummy|Synthetic|Alpha|Beta)\b/u;
const phoneNear = /"\+?\d[\d ()-]{7,}"/u;

/** Real-looking names with a phone number within 300 characters: checked even in synthetic files. */
function* namesNextToPhones(text: string): Generator<number> {
  for (const m of nameValues(text)) {
    if (testWord.test(m[1] ?? '')) continue;
    const around = text.slice(Math.max(0, m.index - 300), m.index + m[0].length + 300);
    if (phoneNear.test(around)) yield m.index;
  }
}

const personal: [PersonalKind, (text: string) => Iterable<number>][] = [
  ['name next to a phone number', namesNextToPhones],
  ['email address', emails],
  ['phone number', (t) => keyed(t, phoneKey, phoneValue)],
  ['phone number', (t) => matches(t, /"\+\d{10,15}"/gu)],
  ['national id number', (t) => matches(t, /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/gu)],
  ['national id number', thirteenDigitIds],
  ['date of birth', (t) => keyed(t, birthKey, dateValue)],
];

/** Counts of likely personal data per kind starting before `limit`, with the offset of the first of each. */
export function findPersonalData(text: string, limit = text.length): PersonalFinding[] {
  const byKind = new Map<PersonalKind, PersonalFinding>();
  const seen = new Set<number>();
  for (const [kind, find] of personal) {
    for (const index of find(text)) {
      if (index >= limit || seen.has(index)) continue;
      seen.add(index);
      const prior = byKind.get(kind);
      if (prior) {
        prior.count++;
        prior.firstOffset = Math.min(prior.firstOffset, index);
      } else byKind.set(kind, { kind, count: 1, firstOffset: index });
    }
  }
  return [...byKind.values()];
}

type Range = Diagnostic['range'];

/** What the scan found in one file (the shape of file-scan.ts's FileScan). */
export interface FileScan {
  credentials: { range: Range; kind: string; offset: number }[];
  personal: { kind: string; count: number; first: Range }[];
}

/** Line and column of each offset (ascending) in `text`, lines counted from `firstLine`. */
function linesOf(text: string, offsets: readonly number[], firstLine: number): Range[] {
  let line = firstLine;
  let lineStart = 0;
  let at = 0;
  return offsets.map((offset) => {
    for (let nl = text.indexOf('\n', at); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
      at = nl + 1;
    }
    const position = { line, column: offset - lineStart + 1 };
    return { start: position, end: position };
  });
}

/**
 * Matches are short: a window keeps this many characters for the next one, so none is cut or counted twice.
 * (Not verbatim: the overlap was a constant of 256; it is a parameter so that the scan of today,
 * whose windows keep more, can be compared with this one over the same windows.)
 */
export function scanChunks(chunks: Iterable<Uint8Array>, OVERLAP = 256): FileScan {
  const credentials: FileScan['credentials'] = [];
  const personal = new Map<string, { count: number; first: Range }>();
  const decoder = new TextDecoder();
  let carry = '';
  let carryLine = 1;
  let absolute = 0;
  const window = (text: string, limit: number): void => {
    const creds = findCredentials(text, limit);
    linesOf(text, creds.map((c) => c.offset), carryLine).forEach((range, i) => credentials.push({ range, kind: creds[i]?.kind ?? '', offset: absolute + (creds[i]?.offset ?? 0) }));
    for (const p of findPersonalData(text, limit)) {
      const prior = personal.get(p.kind);
      personal.set(p.kind, { count: (prior?.count ?? 0) + p.count, first: prior?.first ?? (linesOf(text, [p.firstOffset], carryLine)[0] ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }) });
    }
    for (let nl = text.indexOf('\n'); nl !== -1 && nl < limit; nl = text.indexOf('\n', nl + 1)) carryLine++;
    absolute += limit;
    carry = text.slice(limit);
  };
  for (const chunk of chunks) {
    const text = carry + decoder.decode(chunk, { stream: true });
    window(text, Math.max(0, text.length - OVERLAP));
  }
  const rest = carry + decoder.decode();
  window(rest, rest.length);
  return { credentials, personal: [...personal].map(([kind, p]) => ({ kind, ...p })) };
}

