/** The stylesheet of every page: screen and print. No url(), no @import, no web font: nothing to fetch. */
export const bookCss = `
:root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #ffffff; --panel: #f6f8fa; --accent: #0b5cad;
  --discuss: #fff1a8; --discuss-line: #b08800; --new: #fbd3e4; --new-line: #b3246b; --deprecated: #eaeef2;
  --ok: #dafbe1; --ok-ink: #116329; --warn: #fff1c2; --warn-ink: #7a4a00; --bad: #ffe1de; --bad-ink: #9b1c14; --info: #ddf0ff; --info-ink: #0a4d8c; }
* { box-sizing: border-box; }
html { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
body { margin: 0; }
a { color: var(--accent); }
a:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
a.url { overflow-wrap: anywhere; }
table.fields td code, table.trace td a, dl.answers code { overflow-wrap: anywhere; }
table.fields td:nth-child(2), table.fields td:nth-child(5) { min-width: 11rem; }
code, pre, .path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: 0.5rem; z-index: 2; }
header.top { background: #12314f; color: #fff; padding: 1rem 1.5rem; }
header.top a { color: #fff; }
header.top h1 { margin: 0.2rem 0 0; font-size: 1.6rem; }
header.top p { margin: 0.3rem 0 0; max-width: 70rem; }
.crumbs { font-size: 0.9rem; }
.layout { display: grid; grid-template-columns: 13rem minmax(0, 1fr); gap: 2rem; padding: 0 1.5rem; }
nav.toc { position: sticky; top: 0; align-self: start; padding: 1rem 0; max-height: 100vh; overflow: auto; }
nav.toc ul { list-style: none; margin: 0; padding: 0; }
nav.toc li { margin: 0.15rem 0; }
nav.toc ul ul { padding-left: 0.9rem; font-size: 0.9rem; }
main { padding: 0.5rem 0 4rem; min-width: 0; }
main.index { padding: 1rem 1.5rem 4rem; max-width: 80rem; }
section.part { border-top: 1px solid var(--line); padding-top: 0.5rem; margin-top: 1.5rem; }
h2 { font-size: 1.4rem; margin: 0.8rem 0 0.6rem; }
h3 { font-size: 1.15rem; margin: 1.4rem 0 0.4rem; }
h4 { font-size: 1rem; margin: 1rem 0 0.3rem; }
.meta { color: var(--muted); font-size: 0.9rem; }
table { border-collapse: collapse; margin: 0.4rem 0 1rem; width: 100%; font-size: 0.92rem; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
thead th { background: var(--panel); }
.scroll { overflow-x: auto; }
.badge { display: inline-block; border-radius: 1rem; padding: 0 0.55rem; font-size: 0.8rem; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.badge.version { color: #24292f; background: var(--panel); }
.badge.ok, .badge.status-ready, .badge.status-agreed { color: var(--ok-ink); background: var(--ok); }
.badge.gaps, .badge.status-in-review, .badge.warning { color: var(--warn-ink); background: var(--warn); }
.badge.status-draft, .badge.info { color: var(--info-ink); background: var(--info); }
.badge.error { color: var(--bad-ink); background: var(--bad); }
.badge.status-needs-discussion { color: #5c4300; background: var(--discuss); }
.badge.status-new { color: #7a1548; background: var(--new); }
.badge.status-deprecated { color: #424a53; background: var(--deprecated); }
tr.status-needs-discussion > td { background: var(--discuss); }
tr.status-needs-discussion > td:first-child { box-shadow: inset 4px 0 0 var(--discuss-line); }
tr.status-new > td { background: var(--new); }
tr.status-new > td:first-child { box-shadow: inset 4px 0 0 var(--new-line); }
tr.status-deprecated > td { background: var(--deprecated); color: #424a53; text-decoration: line-through; }
.legend { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; margin: 0.3rem 0 0.6rem; padding: 0; list-style: none; font-size: 0.88rem; }
.legend li { display: flex; align-items: center; gap: 0.35rem; }
.swatch { display: inline-block; width: 1.1rem; height: 0.9rem; border: 1px solid var(--line); }
.swatch.discuss { background: var(--discuss); border-color: var(--discuss-line); }
.swatch.new { background: var(--new); border-color: var(--new-line); }
.swatch.agreed { background: var(--bg); }
.swatch.deprecated { background: var(--deprecated); }
.swatch.user { border-radius: 0.6rem; background: #eef3fb; border-color: #57606a; }
.swatch.system { background: #eef3fb; border-color: #57606a; }
.swatch.failure { height: 0; border: 0; border-top: 2px dashed #b3261e; }
.swatch.trigger { clip-path: polygon(0 0, 100% 0, 100% 100%, 0 100%, 30% 50%); background: #57606a; }
.unknown { background: var(--discuss); color: #5c4300; font-weight: 600; padding: 0 0.3rem; border-radius: 0.2rem; border: 1px dashed var(--discuss-line); }
.missing { color: var(--muted); font-style: italic; }
dl.answers { display: grid; grid-template-columns: minmax(12rem, 22rem) minmax(0, 1fr); margin: 0; border-top: 1px solid var(--line); }
dl.answers > dt, dl.answers > dd { margin: 0; padding: 0.45rem 0.5rem; border-bottom: 1px solid var(--line); }
dl.answers > dt { font-weight: 600; background: var(--panel); }
dl.answers > dt .key { display: block; font-weight: 400; color: var(--muted); font-size: 0.85rem; }
dl.answers dd ul { margin: 0; padding-left: 1.1rem; }
article.story { border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 0.3rem; padding: 0.6rem 0.9rem; margin: 0.8rem 0; }
article.story .sentence { font-size: 1.05rem; margin: 0.2rem 0 0.4rem; }
article.story h4 { margin: 0.5rem 0 0.2rem; font-size: 0.95rem; }
article.story ol, article.story ul { margin: 0.2rem 0; }
.diagram { border: 1px solid var(--line); border-radius: 0.3rem; padding: 0.6rem; margin: 0.5rem 0; background: #fff; overflow-x: auto; }
.diagram .mermaid { margin: 0; white-space: pre; font-size: 0.8rem; color: var(--muted); }
.diagram svg { display: block; margin: 0 auto; max-width: none; }
.diagram:focus-visible { outline: 2px solid var(--accent); }
.hook { border: 1px dashed var(--muted); border-radius: 0.3rem; padding: 0.4rem 0.7rem; background: var(--panel); }
pre.record { background: var(--panel); border: 1px solid var(--line); padding: 0.5rem; overflow-x: auto; margin: 0.2rem 0 0.6rem; white-space: pre-wrap; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 1rem; }
.card { border: 1px solid var(--line); border-radius: 0.4rem; padding: 0.8rem 1rem; }
.card h2 { margin-top: 0; font-size: 1.2rem; }
ul.plain { list-style: none; padding: 0; margin: 0; }
details > summary { cursor: pointer; }
footer { color: var(--muted); font-size: 0.85rem; padding: 1rem 1.5rem; border-top: 1px solid var(--line); }
@media (max-width: 52rem) { .layout { grid-template-columns: 1fr; } nav.toc { position: static; max-height: none; } dl.answers { grid-template-columns: 1fr; } }
@media print {
  @page { margin: 15mm 12mm; }
  html { font-size: 10.5pt; }
  nav.toc, .skip, .no-print { display: none !important; }
  .layout { display: block; padding: 0; }
  header.top { background: none; color: #000; border-bottom: 2px solid #000; padding: 0 0 0.4rem; }
  header.top a { color: #000; text-decoration: none; }
  section.part { break-before: page; border-top: 0; }
  section.part:first-of-type { break-before: auto; }
  h2, h3, h4 { break-after: avoid; }
  tr, article.story, .diagram, dl.answers > dt, dl.answers > dd { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: #000; text-decoration: none; }
  main a[href^="http"]::after { content: " <" attr(href) ">"; font-size: 0.8em; overflow-wrap: anywhere; }
  details { display: block; }
  details > summary { list-style: none; }
  tr.status-needs-discussion > td, tr.status-new > td, .badge, .swatch, .unknown { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .diagram { border: 0; padding: 0; overflow: visible; }
  .diagram svg { max-width: 100%; height: auto; }
  footer { border: 0; }
}
`;

/**
 * The page script (a classic script: pages opened from the file system cannot load ES modules).
 * It draws every diagram with the local Mermaid build, strict security level (no click handlers,
 * labels sanitised), and marks the page when done so tests and printing can wait for it.
 */
export const bookJs = `(function () {
  'use strict';
  var root = document.documentElement;
  var mermaid = window.mermaid;
  if (!mermaid) { root.setAttribute('data-diagrams', 'unavailable'); return; }
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default', fontFamily: 'system-ui, sans-serif',
    htmlLabels: true, themeVariables: { fontSize: '14px' },
    flowchart: { useMaxWidth: false, wrappingWidth: 200, nodeSpacing: 30, rankSpacing: 40, padding: 10 } });
  var nodes = document.querySelectorAll('.mermaid');
  mermaid.run({ nodes: nodes }).then(function () {
    nodes.forEach(function (node) {
      var svg = node.querySelector('svg');
      if (svg) { svg.setAttribute('role', 'img'); svg.setAttribute('aria-label', node.getAttribute('data-label') || 'flow diagram'); }
    });
    root.setAttribute('data-diagrams', 'done');
  }, function (error) {
    root.setAttribute('data-diagrams', 'failed');
    console.error('diagram failed', error);
  });
})();
`;
