import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Project } from '@interop-design/core';
import { anchor, bookHooks, buildBook, escapeHtml, safeUrl } from '../src/index.js';
import type { BookFile } from '../src/index.js';
import { examples, hostileDir, leaves, loadAll, repo, text, walk } from './helpers.js';

const projects = loadAll();
const stub = { mermaidScript: '/* mermaid */', mermaidLicense: 'MIT' };
const files = buildBook(projects, stub);
const pages = files.filter((f) => f.path.endsWith('.html'));
const pageOf = (slug: string): string => String(pages.find((f) => f.path === `${slug}/index.html`)?.content);

describe('buildBook', () => {
  it('writes an index, one page per project and the local assets; nothing refers outside the site', () => {
    expect(files.map((f) => f.path).sort()).toEqual(['.nojekyll', 'assets/book.css', 'assets/book.js', 'assets/mermaid.LICENSE.txt', 'assets/mermaid.min.js', 'commcare-salesforce/index.html', 'dhis2-godata/index.html', 'hostile/index.html', 'index.html', 'kobo-mssql/index.html']);
    for (const page of pages) {
      const html = String(page.content);
      expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;self&#39;;`);
      const refs = [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="([^"]*)"/gu)].map((m) => m[1] ?? '');
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) {
        expect(ref).not.toMatch(/^[a-z]+:|^\/\//iu);
        expect(files.some((f) => f.path === path.posix.normalize(path.posix.join(path.posix.dirname(page.path), ref)))).toBe(true);
      }
    }
    expect(String(files.find((f) => f.path === 'assets/book.css')?.content)).not.toMatch(/url\(|@import/u);
  });

  it('the real Mermaid browser build is a classic script that defines globalThis.mermaid', () => {
    const script = buildBook(projects.slice(0, 1)).find((f) => f.path === 'assets/mermaid.min.js')?.content;
    expect(script).toBeInstanceOf(Uint8Array);
    const source = Buffer.from(script as Uint8Array).toString('utf8');
    expect(source).toMatch(/globalThis\["mermaid"\]\s*=/u);
    expect(source).not.toMatch(/^\s*(?:import|export)\s[^;]*from\s/mu);
  });

  it('every in-page link lands on an element of that page (story -> flow -> step -> mapping -> field)', () => {
    for (const slug of [...examples, 'hostile']) {
      const html = pageOf(slug);
      const ids = new Set([...html.matchAll(/\sid="([^"]+)"/gu)].map((m) => m[1]));
      const targets = [...html.matchAll(/href="#([^"]+)"/gu)].map((m) => m[1]);
      expect(targets.filter((t) => !ids.has(t)), slug).toEqual([]);
    }
    const cc = pageOf('commcare-salesforce');
    const trace = cc.slice(cc.indexOf('id="traceability"'));
    expect(trace).toContain(`href="#${anchor('story', 'US-1')}"`);
    expect(trace).toContain(`href="#${anchor('flow', 'case-registered')}"`);
    expect(trace).toContain(`href="#${anchor('step', 'case-registered', 'upsert')}"`);
    expect(trace).toContain(`href="#${anchor('mapping', 'commcare-salesforce-patient')}"`);
    expect(trace).toContain(`href="#${anchor('field', 'commcare-salesforce-patient', 0)}"`);
  });

  it('stories read "As a ..., I want ..., so that ..." with acceptance criteria and the flows serving them', () => {
    const cc = pageOf('commcare-salesforce');
    const story = cc.slice(cc.indexOf(`id="${anchor('story', 'US-1')}"`), cc.indexOf('</article>', cc.indexOf(`id="${anchor('story', 'US-1')}"`)));
    expect(story).toMatch(/As a <strong>[^<]+<\/strong>, I want <strong>[^<]+<\/strong>, so that <strong>[^<]+<\/strong>\./u);
    expect(story).toMatch(/<h4>Acceptance criteria<\/h4>\s*<ol><li>/u);
    expect(story).toContain(`<a href="#${anchor('flow', 'case-registered')}">`);
    // A story written as one sentence is parsed into its parts.
    expect(pageOf('hostile')).toContain('As a <strong>manager</strong>, I want <strong>a weekly total</strong>, so that <strong>I can plan</strong>.');
  });

  it('requirements: every design question with its answer, unknown answers highlighted', () => {
    const html = pageOf('hostile');
    const dd = (key: string): string => {
      const start = html.indexOf(`id="${anchor('req', key)}"`);
      return html.slice(html.indexOf('<dd>', start), html.indexOf('</dd>', start));
    };
    expect(dd('volume')).toContain('<span class="unknown">unknown</span>');
    expect(dd('purpose')).toContain('<span class="unknown">unknown</span>');
    expect(dd('changeLikelihood')).toContain('<span class="unknown">unknown</span>');
    expect(dd('direction')).not.toContain('unknown');
    expect(dd('schedule')).toContain('not answered');
  });

  it('mapping tables carry the status of each field as a class, with the legend; value maps, key, changelog', () => {
    const cc = pageOf('commcare-salesforce');
    expect(cc.match(/<tr id="[^"]+" class="status-needs-discussion" data-status="needs-discussion">/gu)?.length).toBeGreaterThanOrEqual(2);
    expect(cc.match(/<tr id="[^"]+" class="status-new" data-status="new">/gu)?.length).toBeGreaterThanOrEqual(2);
    expect(cc).toContain('<span class="swatch discuss" aria-hidden="true"></span> needs discussion');
    expect(cc).toContain('<span class="swatch new" aria-hidden="true"></span> new field');
    expect(cc).toContain(`<a href="#${anchor('valuemap', 'gender')}">gender</a>`);
    expect(cc).toContain('<code>case_id</code> → <code>CommCare_ID__c</code>');
    expect(cc).toContain('<span class="badge version">v1.3.0</span>');
    expect(cc).toMatch(/<h4>Changelog<\/h4>\s*<div class="scroll"><table>/u);
  });

  it('no sample value reaches the book: only the inline records of tests', () => {
    const html = pages.map((p) => String(p.content)).join('\n');
    const designText = [...examples.map((e) => path.join(repo, 'examples', e)), hostileDir].flatMap((dir) => walk(dir).filter((f) => /\.ya?ml$/u.test(f)).map(text)).join('\n');
    const sampleFiles = [...examples.map((e) => path.join(repo, 'examples', e, 'sampleData')), path.join(hostileDir, 'sampleData')].flatMap(walk);
    const values = sampleFiles.flatMap((f) => {
      const body = readFileSync(f, 'utf8');
      const records: unknown[] = f.endsWith('.json') ? [JSON.parse(body)] : body.split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
      return records.flatMap((r) => leaves(r));
    });
    // Values that the design files also hold (choice codes, ids) may appear as design text.
    const sampleOnly = [...new Set(values)].filter((v) => v.length >= 5 && !designText.includes(v));
    expect(sampleOnly.length).toBeGreaterThan(20);
    expect(sampleOnly.filter((v) => html.includes(v) || html.includes(escapeHtml(v)))).toEqual([]);
    // A field's `sample:` and a test drawn from a sample file stay out; an inline test record shows.
    const hostile = pageOf('hostile');
    expect(hostile).not.toContain('SAMPLE-VALUE-7731');
    expect(hostile).not.toContain('FILE-EXPECT-9052');
    expect(hostile).not.toContain('FILE-SAMPLE-6620');
    expect(hostile).toContain('INLINE-GIVEN-4411');
    expect(pageOf('commcare-salesforce')).not.toMatch(/12\.4/u);
  });

  it('B1: script tags, javascript: links, </svg> and Mermaid click directives in design texts are inert', () => {
    const html = pageOf('hostile');
    expect(html.match(/<script\b/gu)).toHaveLength(2);
    expect(html).toContain('<script src="../assets/mermaid.min.js" defer></script>');
    expect(html).not.toMatch(/<(?:img|iframe|foreignObject|svg|b)\b/iu);
    expect([...html.matchAll(/href="([^"]*)"/gu)].map((m) => m[1]).filter((h) => !/^(?:#|\.\.\/|https?:\/\/)/u.test(h ?? ''))).toEqual([]);
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('&lt;script&gt;window.__pwned=&#39;story&#39;&lt;/script&gt;');
    expect(html).toContain('<code>javascript:window.__pwned=&#39;apiDocs&#39;</code>');
    const diagrams = [...html.matchAll(/<div class="mermaid"[^>]*>([\s\S]*?)<\/div>/gu)].map((m) => m[1] ?? '');
    expect(diagrams).toHaveLength(1);
    for (const line of (diagrams[0] ?? '').split('\n')) expect(line.trim()).not.toMatch(/^(?:click|%%|style|classDef|callback)\b/u);
    expect(diagrams[0]).not.toMatch(/[<]/u);
  });

  it('hooks: the metadata summary of a system, and the record each inline test produces', () => {
    const calls: string[] = [];
    const hostile = projects.filter((p) => p.dir === 'hostile');
    const out = buildBook(hostile, {
      ...stub,
      systemMetadata: (_p, id) => (id === 'dst' ? { resources: [{ id: 'row', name: 'Row table', fields: 12, required: 3 }] } : undefined),
      runTest: (_p, m, t) => {
        calls.push(t.name);
        return { record: { row_id: 'PRODUCED-2290', mapping: m.id }, passed: true };
      },
    });
    const html = String(out.find((f) => f.path === 'hostile/index.html')?.content);
    expect(html).toContain('Row table (<code>row</code>): 12 fields, 3 required');
    expect(calls).toEqual(['inline record']);
    expect(html).toContain('PRODUCED-2290');
    expect(html).toContain('(the test passes)');
    expect(pageOf('hostile')).toContain('data-hook="test-run"><span class="meta">Produced record: not computed');
  });

  it('a flow that fails its schema is named in the overview, not drawn', () => {
    const p = projects.find((x) => x.dir === 'hostile') as Project;
    const broken: Project = { ...p, flows: p.flows.map((d) => ({ ...d, valid: false })) };
    const html = String(buildBook([broken], stub).find((f: BookFile) => f.path.endsWith('/index.html'))?.content);
    expect(html).toContain('<code>flows/added.flow.yaml</code>');
    expect(html).not.toContain('class="mermaid"');
  });
});

describe('bookHooks (what the CLI and the Action give buildBook)', () => {
  it('summarises each system\'s exported metadata and runs only the inline tests', async () => {
    const cc = projects.find((p) => p.dir === 'examples/commcare-salesforce') as Project;
    const hooks = await bookHooks([cc]);
    const salesforce = hooks.systemMetadata(cc, 'salesforce');
    expect(salesforce?.resources.map((r) => r.id).sort()).toEqual(['Patient__c', 'Visit__c']);
    expect(salesforce?.resources.every((r) => r.fields > 0)).toBe(true);
    expect(hooks.systemMetadata(cc, 'openfn')).toBeUndefined();
    const patient = cc.mappings.find((d) => d.data?.id === 'commcare-salesforce-patient')?.data;
    const [fromFile, inline] = patient?.tests ?? [];
    if (!patient || !fromFile || !inline) throw new Error('the example patient mapping has two tests');
    // The test that reads a sample file gets no record: the book never shows sample values.
    expect(hooks.runTest(cc, patient, fromFile)).toBeUndefined();
    expect(hooks.runTest(cc, patient, inline)).toMatchObject({ passed: true, record: { Gender__c: 'Unknown', Phone__c: '+254711000000' } });
  });
});

describe('html helpers', () => {
  it('safeUrl keeps only absolute http(s) links', () => {
    expect(safeUrl('https://example.org/a?b=1')).toBe('https://example.org/a?b=1');
    expect(safeUrl(' JavaScript:alert(1)')).toBeUndefined();
    expect(safeUrl('data:text/html,x')).toBeUndefined();
    expect(safeUrl('//evil.example')).toBeUndefined();
    expect(safeUrl('https://')).toBeUndefined();
  });
  it('anchor ids are distinct for distinct ids and only use safe characters', () => {
    expect(anchor('field', 'a.b', 1)).not.toBe(anchor('field', 'a', 'b.1'));
    expect(anchor('story', '"><x')).toMatch(/^[A-Za-z0-9._-]+$/u);
  });
});
