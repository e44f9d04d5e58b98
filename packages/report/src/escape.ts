/**
 * Every character that can reorder, hide or break text (Trojan Source): controls (Cc), all
 * format controls (Cf: bidi embeddings, overrides and isolates U+202A-202E and U+2066-2069,
 * U+061C, U+180E, zero-width characters, tag characters), line and paragraph separators, and
 * the Hangul fillers that render as nothing.
 */
export const invisibleChars = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115f\u1160\u3164\uffa0]/gu;

function hex(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Makes untrusted text (file names, messages built from design files) safe for one line of a
 * terminal or a log: control characters, bidi and other format controls and zero-width
 * characters are shown as escapes, so nothing can forge a line, a colour or a workflow command.
 */
export function printable(text: string): string {
  return text.replace(invisibleChars, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return hex(c);
  });
}

/** JSON text with every invisible character written as a `\\u` escape: the same data, inert when read raw. */
export function inertJson(json: string): string {
  // JSON.stringify already escapes U+0000-001F inside strings: raw ones are the layout's line breaks.
  return json.replace(invisibleChars, (c) =>
    c < '\u007f' ? c : Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}

const inert: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '|': '&#124;',
  '`': '&#96;',
  '[': '&#91;',
  ']': '&#93;',
  '*': '&#42;',
  _: '&#95;',
  '~': '&#126;',
  '\\': '&#92;',
  '!': '&#33;',
  // GitHub links mentions, issue numbers and URLs in rendered text, where entities are already
  // decoded: a zero-width space breaks them without changing what readers see.
  // GitHub renders $...$ and $$...$$ as math.
  $: '&#36;',
  '@': '@&#8203;',
  '#': '#&#8203;',
  '://': ':&#8203;//',
  'www.': 'www&#8203;.',
};

/**
 * Renders untrusted text inert inside GitHub-flavoured Markdown, in a paragraph or a table cell:
 * no HTML, no mention (@user), no issue link (#1), no autolink, no emphasis, no table break,
 * no new line, no math, no bidi, format-control or zero-width trick of the author's. The
 * visible text stays the same.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(invisibleChars, (c) => (c === '\r' || c === '\n' || c === '\t' ? c : hex(c)))
    .replace(/[\r\n\t]+/gu, ' ')
    .replace(/:\/\/|www\.|[&<>"'|`[\]*_~\\!@#$]/giu, (c) => inert[c.toLowerCase()] ?? c);
}

/** A code fence longer than any run of backticks in `text`, so the text cannot close it. */
export function fenceFor(text: string): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/gu), (m) => m[0].length));
  return '`'.repeat(longest + 1);
}

/** Escapes a workflow-command value (`::error ...::<value>`); bidi and other invisible characters become visible escapes. */
export function escapeCommandData(text: string): string {
  return text
    .replace(invisibleChars, (c) => (c === '\r' || c === '\n' ? c : hex(c)))
    .replaceAll('%', '%25')
    .replaceAll('\r', '%0D')
    .replaceAll('\n', '%0A');
}

/** Escapes a workflow-command property (`file=<value>,line=...`). */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/**
 * Escapes text for XML content and attributes, dropping characters XML 1.0 cannot hold and
 * writing bidi and other invisible characters as character references (the same text, inert raw).
 */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/gu, '')
      .replace(/[&<>"']/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c)
      .replace(invisibleChars, (c) => (c === '\t' || c === '\n' || c === '\r' ? c : `&#x${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()};`))
  );
}
