import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { Diagnostic, Project } from '@interop-design/core';
import { lintProject, readiness, ruleDescriptors } from '@interop-design/lint';
import { plural } from '@interop-design/report';
import type { RulesetName } from '@interop-design/lint';
import { bookCss, bookJs } from './assets.js';
import { html } from './html.js';
import { page } from './layout.js';
import type { BookHooks, ProjectPageInput } from './page.js';
import { projectBody, projectSummary } from './page.js';

/** One file of the site: a posix path relative to the output folder and its content. */
export interface BookFile {
  path: string;
  content: string | Uint8Array;
}

export interface BookOptions extends BookHooks {
  /** The Mermaid browser build (a classic script); defaults to the `mermaid` package's `dist/mermaid.min.js`. */
  mermaidScript?: string | Uint8Array;
  /** Its licence text, copied beside it. */
  mermaidLicense?: string;
  /** Overrides each manifest's `lint.extends` for the lint summary. */
  ruleset?: RulesetName;
  /** Names the generator in each page. */
  generator?: string;
}

/**
 * The `mermaid` package's browser build: `dist/mermaid.min.js`, an IIFE that sets
 * `globalThis.mermaid` (a page opened from the file system cannot load the ES module build).
 */
export function mermaidBrowserBuild(): { script: Uint8Array; license: string; version: string } {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('mermaid/package.json');
  const dir = path.dirname(pkgFile);
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string };
  return { script: readFileSync(path.join(dir, 'dist', 'mermaid.min.js')), license: readFileSync(path.join(dir, 'LICENSE'), 'utf8'), version: pkg.version };
}

/** The folder name of a project's page: its path, lower-case letters, digits and `-` only, unique. */
function slugs(projects: readonly Project[]): string[] {
  const used = new Set<string>(['assets']);
  return projects.map((p) => {
    // The project's folder name; the whole path when two projects share a folder name.
    const slug0 = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/gu, '-').replace(/^-+|-+$/gu, '');
    const last = slug0(p.dir.split('/').pop() ?? '');
    const clash = projects.some((q) => q !== p && slug0(q.dir.split('/').pop() ?? '') === last);
    const base = (clash ? slug0(p.dir) : last) || slug0(p.name) || 'project';
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    used.add(slug);
    return slug;
  });
}

/**
 * The design book of `projects`: an index page, one page per project, the stylesheet, the page
 * script and the local Mermaid build. Pure apart from reading the Mermaid build when none is given.
 * The lint summary is computed here unless `diagnostics` are passed per project dir.
 */
export function buildBook(projects: readonly Project[], options: BookOptions & { diagnostics?: ReadonlyMap<string, readonly Diagnostic[]> } = {}): BookFile[] {
  const generator = options.generator ?? 'interop-design book';
  const rules = new Map(ruleDescriptors().map((r) => [r.id, r.docs]));
  const hooks: BookHooks = { ...(options.systemMetadata ? { systemMetadata: options.systemMetadata } : {}), ...(options.runTest ? { runTest: options.runTest } : {}) };
  const files: BookFile[] = [];
  const names = slugs(projects);
  const inputs: ProjectPageInput[] = projects.map((project) => ({
    project,
    diagnostics: options.diagnostics?.get(project.dir) ?? lintProject(project, options.ruleset ? { ruleset: options.ruleset } : {}).diagnostics,
    readiness: readiness(project),
    rules,
    hooks,
  }));
  const bodies = inputs.map(projectBody);
  inputs.forEach((input, i) => {
    const slug = names[i] ?? 'project';
    const body = bodies[i] ?? projectBody(input);
    const header = html`<header class="top"><div class="crumbs"><a href="../index.html">Design book</a> › ${input.project.dir || '.'}</div><h1>${body.title}</h1></header>`;
    files.push({ path: `${slug}/index.html`, content: page({ title: `${body.title}: design book`, base: '../', header, body: html`<div class="layout">${body.toc}${body.main}</div>`, diagrams: true, generator }) });
  });
  const cards = inputs.map((input, i) => {
    const body = bodies[i] ?? projectBody(input);
    const s = projectSummary(input);
    const errors = input.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = input.diagnostics.filter((d) => d.severity === 'warning').length;
    return html`<li class="card"><h2><a href="${names[i] ?? 'project'}/index.html">${body.title}</a></h2>
<p class="meta"><code>${input.project.dir || '.'}</code></p>
${body.description ? html`<p>${body.description}</p>` : ''}
<p>${plural(s.stories, 'story', 'stories')} · ${plural(s.flows, 'flow')} · ${plural(s.mappings, 'mapping')}, ${s.complete} complete${s.discuss ? ` · ${plural(s.discuss, 'field')} to review` : ''}</p>
<p><span class="badge ${errors ? 'error' : 'ok'}">${plural(errors, 'error')}</span> <span class="badge ${warnings ? 'warning' : 'ok'}">${plural(warnings, 'warning')}</span></p></li>`;
  });
  files.push({
    path: 'index.html',
    content: page({ title: 'Design book', base: '', header: html`<header class="top"><h1>Design book</h1><p>${plural(projects.length, 'design project')}: stories, requirements, flows and mappings.</p></header>`, body: html`<main id="content" class="index"><ul class="cards plain">${cards}</ul></main>`, diagrams: false, generator }),
  });
  const mermaid = options.mermaidScript !== undefined ? { script: options.mermaidScript, license: options.mermaidLicense ?? '' } : mermaidBrowserBuild();
  files.push({ path: 'assets/book.css', content: bookCss });
  files.push({ path: 'assets/book.js', content: bookJs });
  files.push({ path: 'assets/mermaid.min.js', content: mermaid.script });
  if (mermaid.license) files.push({ path: 'assets/mermaid.LICENSE.txt', content: mermaid.license });
  // GitHub Pages: serve the files as they are (no Jekyll processing).
  files.push({ path: '.nojekyll', content: '' });
  return files;
}
