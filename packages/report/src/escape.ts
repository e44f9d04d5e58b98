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
