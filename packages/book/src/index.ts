export { buildBook, mermaidBrowserBuild } from './book.js';
export { bookHooks } from './hooks.js';
export type { BookFile, BookOptions } from './book.js';
export type { BookHooks, SystemMetadataSummary, TestRun } from './page.js';
export { anchor, escapeHtml, html, safeUrl, SafeHtml } from './html.js';
export { contentSecurityPolicy } from './layout.js';
