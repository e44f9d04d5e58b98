/**
 * Credentials and likely personal data in sample text. Works on raw text so it sees the whole
 * file (an OpenFn state's `configuration` is outside the records) and knows offsets, without
 * keeping values: callers get kinds, offsets and counts only.
 */

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

/**
 * Where a match of a sticky pattern may start: each pattern below holds one of a few literals
 * `at` characters after the match's start, so the text is searched for the literals (`indexOf`,
 * many times faster than the pattern tried at every character) and the pattern is tried only
 * there. The literals are chosen to start with characters rare in sample text (`yJ`, not `eyJ`;
 * `BEGIN `, not `-----`): `indexOf` is slowest where the first character is common.
 */
interface Anchored {
  pattern: RegExp;
  anchors: readonly { literal: string; at: number }[];
}

/**
 * The matches of `shape` left to right, never overlapping: what a global search with the same
 * pattern finds, since every match starts at an anchor and the pattern, tried at a start, matches
 * there as the global search would.
 */
function* anchoredMatches(text: string, shape: Anchored): Generator<RegExpExecArray> {
  const starts: number[] = [];
  for (const { literal, at } of shape.anchors) {
    for (let i = text.indexOf(literal, at); i !== -1; i = text.indexOf(literal, i + 1)) starts.push(i - at);
  }
  if (shape.anchors.length > 1) starts.sort((a, b) => a - b);
  let end = 0;
  for (const start of starts) {
    if (start < end) continue;
    shape.pattern.lastIndex = start;
    const m = shape.pattern.exec(text);
    if (!m) continue;
    end = start + m[0].length;
    yield m;
  }
}

const anchor = (...literals: string[]): { literal: string; at: number }[] => literals.map((literal) => ({ literal, at: 0 }));

const tokenShapes: [string, Anchored][] = [
  ['GitHub token', { pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{50,}\b/uy, anchors: [{ literal: 'gh', at: 0 }, { literal: 'pat_', at: 7 }] }],
  ['AWS access key id', { pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/uy, anchors: anchor('AKIA', 'ASIA') }],
  ['Slack token', { pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/uy, anchors: anchor('xox') }],
  ['JSON Web Token', { pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/uy, anchors: [{ literal: 'yJ', at: 1 }] }],
  ['Stripe secret key', { pattern: /\b[rs]k_live_[A-Za-z0-9]{16,}\b/uy, anchors: [{ literal: '_live_', at: 2 }] }],
  ['Google API key', { pattern: /\bAIza[0-9A-Za-z_-]{35}\b/uy, anchors: anchor('AIza') }],
  ['private key', { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/uy, anchors: [{ literal: 'BEGIN ', at: 5 }] }],
  ['bearer token', { pattern: /\bBearer\s+[A-Za-z0-9._~+/-]{20,}=*/uy, anchors: anchor('Bearer') }],
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
  for (const [kind, shape] of tokenShapes) {
    for (const m of anchoredMatches(text, shape)) if (m.index < limit) hits.push({ offset: m.index, kind: `a value shaped like a ${kind}` });
  }
  return hits.sort((a, b) => a.offset - b.offset);
}

export type PersonalKind = 'email address' | 'phone number' | 'national id number' | 'date of birth' | 'name next to a phone number';

/** A count of one kind of personal data in words: `1 phone number`, `3 names next to phone numbers`. */
export function personalCount(kind: string, count: number): string {
  const plural: string | undefined = personalPlurals[kind];
  return `${count} likely ${count === 1 ? kind : (plural ?? `${kind}s`)}`;
}

const personalPlurals: Readonly<Partial<Record<string, string>>> & Readonly<Record<PersonalKind, string>> = {
  'email address': 'email addresses',
  'phone number': 'phone numbers',
  'national id number': 'national id numbers',
  'date of birth': 'dates of birth',
  'name next to a phone number': 'names next to phone numbers',
};

function luhn(digits: string): boolean {
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

function* matches(text: string, re: RegExp): Generator<number> {
  for (const m of text.matchAll(re)) yield m.index;
}

function* starts(found: Iterable<RegExpExecArray>): Generator<number> {
  for (const m of found) yield m.index;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * Runs of exactly 13 digits, not part of a longer number or a decimal (`(?<![\d.])\d{13}(?![\d.])`),
 * that pass the id checks. Every run of 13 or more digits covers one of every 13th character, so
 * only those are looked at, and the run around a digit found there is measured: several times
 * faster than the pattern, which is tried at every character.
 */
function thirteenDigitIds(text: string): number[] {
  const ids: number[] = [];
  const n = text.length;
  for (let i = 12; i < n; i += 13) {
    if (!isDigit(text.charCodeAt(i))) continue;
    let start = i;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    let end = i + 1;
    while (end < n && isDigit(text.charCodeAt(end))) end++;
    // The next run starts after `end`, a character that is not a digit: look again 13 characters on.
    i = end;
    if (end - start !== 13 || text.charCodeAt(start - 1) === 0x2e || text.charCodeAt(end) === 0x2e) continue;
    if (validThirteenDigitId(text.slice(start, end))) ids.push(start);
  }
  return ids;
}

/** A phone number in international form as a whole string value, found from its `+` (rare in text). */
const plusPhone: Anchored = { pattern: /"\+\d{10,15}"/uy, anchors: [{ literal: '+', at: 1 }] };

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
  ['phone number', (t) => starts(anchoredMatches(t, plusPhone))],
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
