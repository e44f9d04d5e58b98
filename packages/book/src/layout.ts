import type { SafeHtml } from './html.js';
import { html, raw } from './html.js';

/**
 * The Content-Security-Policy of every page: nothing is fetched from outside the site. Scripts
 * and images only from the site's own files; inline styles because Mermaid writes a <style>
 * into each SVG; no connections, frames, forms or base URL.
 */
export const contentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'none'; frame-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";

/** One complete HTML document. `base` is the relative path to the site root ('' or '../'). */
export function page(options: { title: string; base: string; header: SafeHtml; body: SafeHtml; diagrams: boolean; generator: string }): string {
  const { title, base } = options;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${options.generator}">
<title>${title}</title>
<link rel="stylesheet" href="${base}assets/book.css">
${options.diagrams ? raw(`<script src="${base}assets/mermaid.min.js" defer></script>\n<script src="${base}assets/book.js" defer></script>`) : ''}
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
${options.header}
${options.body}
<footer>Written by ${options.generator} from the design files. Sample records are never shown: only the inline records of mapping tests.</footer>
</body>
</html>
`.value;
}
