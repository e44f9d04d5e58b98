/**
 * Makes untrusted text (file names, messages built from design files) safe for one line of a
 * terminal or a log: control characters, bidi overrides and zero-width characters are shown as
 * escapes, so nothing can forge a line, a colour or a workflow command.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/gu, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
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
  '@': '@&#8203;',
  '#': '#&#8203;',
  '://': ':&#8203;//',
  'www.': 'www&#8203;.',
};

/**
 * Renders untrusted text inert inside GitHub-flavoured Markdown, in a paragraph or a table cell:
 * no HTML, no mention (@user), no issue link (#1), no autolink, no emphasis, no table break,
 * no new line, no bidi or zero-width trick of the author's. The visible text stays the same.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .replace(/[\r\n\t]+/gu, ' ')
      .replace(/:\/\/|www\.|[&<>"'|`[\]*_~\\!@#]/giu, (c) => inert[c.toLowerCase()] ?? c)
  );
}

/** A code fence longer than any run of backticks in `text`, so the text cannot close it. */
export function fenceFor(text: string): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/gu), (m) => m[0].length));
  return '`'.repeat(longest + 1);
}

/** Escapes a workflow-command value (`::error ...::<value>`). */
export function escapeCommandData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Escapes a workflow-command property (`file=<value>,line=...`). */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** Escapes text for XML content and attributes, dropping characters XML 1.0 cannot hold. */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/gu, '')
      .replace(/[&<>"']/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c)
  );
}
