/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '@interop-design/schema';
import { anchor } from '../src/index.js';
import { loadAll, writeBook } from './helpers.js';

/** Debian's chromium (`apt-get install chromium`); Playwright's own browser download is not used. */
const executablePath = process.env.INTEROP_DESIGN_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(executablePath);
if (!haveChromium) {
  console.warn(`\n*** book browser tests SKIPPED: no chromium at ${executablePath} (apt-get install chromium, or set INTEROP_DESIGN_CHROMIUM) ***\n`);
}

/** Screenshots of each page kind, kept for people to look at (git-ignored). */
const artifacts = path.join(import.meta.dirname, '..', 'test-artifacts');

const projects = loadAll();
let out = '';
let browser: Browser | undefined;

interface Visit {
  page: Page;
  errors: string[];
  outside: string[];
}

async function visit(rel: string): Promise<Visit> {
  if (!browser) throw new Error('no browser');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const outside: string[] = [];
  const site = pathToFileURL(out).href + '/';
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  context.on('request', (r) => {
    if (!r.url().startsWith(site)) outside.push(r.url());
  });
  await page.goto(pathToFileURL(path.join(out, rel)).href);
  return { page, errors, outside };
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

describe.skipIf(!haveChromium)('the design book in a real browser (chromium)', () => {
  beforeAll(async () => {
    out = writeBook(projects).out;
    rmSync(artifacts, { recursive: true, force: true });
    mkdirSync(artifacts, { recursive: true });
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('the index loads with no console error and no request outside the site, and passes axe', async () => {
    const { page, errors, outside } = await visit('index.html');
    await page.waitForLoadState('load');
    expect(await page.locator('.card h2 a').count()).toBe(projects.length);
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(artifacts, 'index.png'), fullPage: true });
    await page.context().close();
  }, 60_000);

  for (const slug of ['commcare-salesforce', 'dhis2-godata', 'kobo-mssql', 'hostile']) {
    it(`${slug}: loads cleanly, draws every flow with one lane per lane that has steps, colours the mapping table, passes axe`, async () => {
      const project = projects.find((p) => p.dir.endsWith(slug));
      if (!project) throw new Error(slug);
      const { page, errors, outside } = await visit(`${slug}/index.html`);
      await page.waitForSelector('html[data-diagrams]', { timeout: 45_000 });
      expect(await page.getAttribute('html', 'data-diagrams')).toBe('done');
      expect(errors).toEqual([]);
      expect(outside).toEqual([]);

      const flows = project.flows.flatMap((d) => (d.valid && d.data ? [d.data] : []));
      expect(flows.length).toBeGreaterThan(0);
      for (const flow of flows) {
        const article = page.locator(`article[id="${anchor('flow', flow.id)}"]`);
        const svg = article.locator('.diagram svg');
        expect(await svg.count()).toBe(1);
        const drawn = await svg.evaluate((el: Element, f: Flow) => {
          const lanes = [...el.querySelectorAll('g.cluster')].map((g) => g.textContent.trim());
          const shapes = f.steps.map((_, i) => el.querySelector(`g.node[id*="-flowchart-s${i}-"]`)?.firstElementChild?.tagName ?? 'missing');
          const trigger = el.querySelector('g.node[id*="-flowchart-t0-"]') !== null;
          const failures = [...el.querySelectorAll('path.flowchart-link')].filter((p) => p.classList.contains('edge-pattern-dotted')).map((p) => getComputedStyle(p).stroke);
          return { lanes, shapes, trigger, failures };
        }, flow);
        const withSteps = flow.lanes.filter((l) => flow.steps.some((s) => s.lane === l.id));
        expect(drawn.lanes.length, flow.id).toBe(withSteps.length);
        expect(drawn.trigger).toBe(true);
        // People's steps are rounded (a path), automated ones rectangles.
        expect(drawn.shapes).toEqual(flow.steps.map((s) => (s.actor === 'user' ? 'g' : 'rect')));
        const failureEdges = flow.steps.flatMap((s) => (s.next ?? []).filter((e) => typeof e === 'object' && e.on === 'failure'));
        expect(drawn.failures).toEqual(failureEdges.map(() => 'rgb(179, 38, 30)'));
      }

      const fill = async (status: string): Promise<string[]> => page.locator(`table.fields tr[data-status="${status}"] > td:nth-child(2)`).evaluateAll((tds) => tds.map((td) => getComputedStyle(td).backgroundColor));
      const statuses = project.mappings.flatMap((d) => (d.valid && d.data ? d.data.fields.map((f) => f.status ?? 'agreed') : []));
      const discuss = await fill('needs-discussion');
      const fresh = await fill('new');
      expect(discuss.length).toBe(statuses.filter((s) => s === 'needs-discussion').length);
      expect(fresh.length).toBe(statuses.filter((s) => s === 'new').length);
      expect(new Set(discuss)).toEqual(new Set(discuss.length ? ['rgb(255, 241, 168)'] : []));
      expect(new Set(fresh)).toEqual(new Set(fresh.length ? ['rgb(251, 211, 228)'] : []));
      expect(new Set(await fill('agreed'))).toEqual(new Set(['rgba(0, 0, 0, 0)']));

      if (slug === 'hostile') {
        expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
        expect(await page.locator('a[href^="javascript:" i], img, iframe').count()).toBe(0);
        expect(await page.locator('script').count()).toBe(2);
      }

      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(artifacts, `${slug}-page.png`) });
      // A wide diagram scrolls sideways: widen the window so the screenshot holds all of it.
      const width = await page.locator('.diagram svg').first().evaluate((el) => el.getBoundingClientRect().width);
      await page.setViewportSize({ width: Math.max(1280, Math.ceil(width) + 360), height: 900 });
      await page.locator('article[id^="flow."]').first().screenshot({ path: path.join(artifacts, `${slug}-flow.png`) });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.locator('article[id^="mapping."]').first().screenshot({ path: path.join(artifacts, `${slug}-mapping.png`) });
      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => { window.scrollTo(0, 0); });
      await page.screenshot({ path: path.join(artifacts, `${slug}-print.png`) });
      // The handout a reader gets from "Print to PDF".
      await page.pdf({ path: path.join(artifacts, `${slug}.pdf`), format: 'A4' });
      await page.context().close();
    }, 120_000);
  }
});
