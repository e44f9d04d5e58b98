/** HTML that is already safe to place in a page: built by `html` or `raw`, never from user text directly. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

type Value = SafeHtml | string | number | boolean | null | undefined | readonly Value[];

function piece(value: Value): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * A template tag: every interpolated value is escaped unless it is `SafeHtml`; arrays are joined;
 * `undefined`, `null` and `false` print nothing. User text can only reach a page through it.
 */
export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += piece(v) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Markup written by this package (never user text). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** A link target from a design file: only absolute http(s) URLs; anything else (javascript:, data:, relative) is not a link. */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined || !/^https?:\/\//iu.test(url.trim())) return undefined;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A fragment id for a design id: letters, digits and `-` pass, every other character becomes
 * `_<hex>_`, so distinct ids never share an anchor and no id can break out of the attribute.
 */
export function anchor(kind: string, ...ids: readonly (string | number)[]): string {
  const enc = (id: string | number): string => Array.from(String(id), (c) => (/^[A-Za-z0-9-]$/u.test(c) ? c : `_${(c.codePointAt(0) ?? 0).toString(16)}_`)).join('');
  return [kind, ...ids.map(enc)].join('.');
}
