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

const secretKey = String.raw`"([A-Za-z0-9_.\- ]*?(?:password|passwd|passphrase|secret|token|api[_\-]?key|apikey|private[_\-]?key|access[_\-]?key|client[_\-]?secret|authorization|credentials?)[A-Za-z0-9_.\- ]*)"\s*:\s*"((?:[^"\\]|\\.)*)"`;
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
  for (const m of text.matchAll(new RegExp(secretKey, 'giu'))) {
    const value = m[2] ?? '';
    if (placeholder.test(value.trim()) || m.index >= limit) continue;
    hits.push({ offset: m.index, kind: `a value under "${m[1] ?? ''}"` });
  }
  for (const [kind, re] of tokenShapes) {
    for (const m of text.matchAll(re)) if (m.index < limit) hits.push({ offset: m.index, kind: `a value shaped like a ${kind}` });
  }
  return hits.sort((a, b) => a.offset - b.offset);
}

export type PersonalKind = 'email address' | 'phone number' | 'national id number' | 'date of birth';

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

const personal: [PersonalKind, RegExp, ((m: RegExpMatchArray) => boolean)?][] = [
  ['email address', /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/gu],
  ['phone number', /"[^"\n]{0,40}(?:phone|mobile|msisdn|telephone|tel_?no|contact_?number)[^"\n]{0,40}"\s*:\s*"\+?[\d ()-]{7,}"|"\+\d{10,15}"/giu],
  ['national id number', /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/gu],
  ['national id number', /(?<![\d.])\d{13}(?![\d.])/gu, (m) => validThirteenDigitId(m[0])],
  ['date of birth', /"[^"\n]{0,40}(?:dob|birth)[^"\n]{0,40}"\s*:\s*"\d{4}-\d{2}-\d{2}/giu],
];

export interface PersonalFinding {
  kind: PersonalKind;
  count: number;
  firstOffset: number;
}

/** Counts of likely personal data per kind starting before `limit`, with the offset of the first of each. */
export function findPersonalData(text: string, limit = text.length): PersonalFinding[] {
  const byKind = new Map<PersonalKind, PersonalFinding>();
  for (const [kind, re, accept] of personal) {
    for (const m of text.matchAll(re)) {
      if (m.index >= limit || (accept && !accept(m))) continue;
      const prior = byKind.get(kind);
      if (prior) {
        prior.count++;
        prior.firstOffset = Math.min(prior.firstOffset, m.index);
      } else byKind.set(kind, { kind, count: 1, firstOffset: m.index });
    }
  }
  return [...byKind.values()];
}
