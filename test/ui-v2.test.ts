import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN, type TestServer } from '@faultline/server/testing';
import { launchChromium } from './helpers/browser.js';
import { buildUi, logIn } from './helpers/ui-build.js';
import { waitForIssues } from './helpers/issues.js';

// Triage UI v2 in real Chromium: chart ranges, zoom and deploy labels, the issue page scoped to one
// environment, the release page, readable request/user/contexts, pickers of known values, phones,
// and axe-core on every page in light and dark.
const work = mkdtempSync(join(tmpdir(), 'faultline-ui-v2-'));
const shots = join(work, 'screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1';
const MIN = 60_000;

let s: TestServer;
let browser: Browser;
let page: Page;
let typeErrorId: number;
let messageId: number;
let topLevelId: number;

beforeAll(async () => {
  const out = buildUi(join(work, 'ui'));
  s = await startTestServer({ uiDir: out });
  mkdirSync(shots, { recursive: true });

  const now = Date.now();
  const at = (msAgo: number) => new Date(now - msAgo).toISOString();
  const deploy = (release: string, msAgo: number) =>
    s.api(`/api/projects/${s.projectId}/deploys`, {
      method: 'POST',
      body: JSON.stringify({
        release,
        environment: 'production',
        finished_at: at(msAgo),
        url: 'https://ci.example/run/77',
      }),
    });
  // two deploys two minutes apart (one label, "2 deploys"), one five hours before
  for (const [release, ago] of [
    ['shop@1.9.0', 300 * MIN],
    ['shop@2.0.0', 30 * MIN],
    ['shop@2.0.1', 28 * MIN],
  ] as const)
    expect((await deploy(release, ago)).status).toBe(201);

  const typeError = (environment: string, msAgo: number, release?: string) => ({
    exception: {
      values: [
        {
          type: 'TypeError',
          value: 'Coupon SPRING24 is not valid',
          stack: 'TypeError: Coupon SPRING24 is not valid\n    at applyCoupon (/srv/app/src/cart.js:12:9)',
        },
      ],
    },
    environment,
    ...(release ? { release } : {}),
    timestamp: at(msAgo),
    request: {
      method: 'POST',
      url: 'https://shop.example/cart?coupon=SPRING24&step=2',
      headers: { 'User-Agent': IPHONE, Accept: 'text/html' },
      data: { items: 2 },
    },
    user: { id: 'u-42', email: 'ana@example.com' },
  });
  const res = await s.ingest({
    events: [
      typeError('production', 5 * 24 * 60 * MIN), // five days ago: in 7d and 30d only
      typeError('production', 12 * MIN, 'shop@2.0.1'),
      typeError('production', 11 * MIN, 'shop@2.0.1'),
      typeError('production', 10 * MIN, 'shop@2.0.1'),
      typeError('staging', 5 * MIN, 'shop@2.0.1'),
      { message: 'Nightly export skipped', level: 'warning', environment: 'staging', contexts: {} },
      {
        // as Sentry's browser SDK sends a top-level frame: its function is "?"
        exception: {
          values: [
            {
              type: 'ReferenceError',
              value: 'boot is not defined',
              stacktrace: {
                frames: [
                  {
                    filename: 'https://shop.example/app.js',
                    function: '?',
                    lineno: 3,
                    colno: 1,
                    in_app: true,
                  },
                ],
              },
            },
          ],
        },
        environment: 'production',
      },
      {
        exception: {
          values: [{ type: 'RangeError', value: 'old build', stack: 'RangeError: x\n    at f (/a.js:1:1)' }],
        },
        environment: 'production',
        release: 'shop@2.0.0',
        timestamp: at(29 * MIN),
      },
    ],
  });
  expect(res.status).toBe(200);
  const issues = await waitForIssues(s, (all) => all.length >= 4);
  typeErrorId = issues.find((i) => i.type === 'TypeError')!.id;
  messageId = issues.find((i) => i.title.startsWith('Nightly'))!.id;
  topLevelId = issues.find((i) => i.type === 'ReferenceError')!.id;

  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await logIn(page, s.url, TEST_ADMIN.email, TEST_ADMIN.password);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
  console.log(`UI v2 screenshots kept in ${shots}`);
  rmSync(join(work, 'ui'), { recursive: true, force: true });
});

const chartLabel = () => page.getAttribute('.chart', 'aria-label');
/** The chart drawn for what the URL asks (its label is written by the draw hook). */
const chartSays = (pattern: RegExp) =>
  page.waitForFunction(
    (source) => new RegExp(source).test(document.querySelector('.chart')?.getAttribute('aria-label') ?? ''),
    pattern.source,
    { timeout: 5000 },
  );

describe('triage UI v2', () => {
  it('loads at most 60 KB of gzipped JS first; the chart library comes later', () => {
    const out = join(work, 'ui');
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    // what index.html loads at once: its module script and the chunks it preloads
    const first = [
      ...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/([^"]+\.js)"/g),
    ].map((m) => m[1]!);
    expect(first.length).toBeGreaterThan(0);
    const bytes = first.reduce((n, f) => n + gzipSync(readFileSync(join(out, f))).length, 0);
    console.log(`first-load JS: ${(bytes / 1024).toFixed(1)} KB gzip (${first.join(', ')})`);
    expect(bytes).toBeLessThanOrEqual(60 * 1024);
    expect(first.some((f) => /uPlot/i.test(f))).toBe(false);
  });

  it('charts an issue over 1h, 24h, 7d and 30d, with close deploys under one label', async () => {
    await page.goto(`${s.url}/p/${s.projectId}/issues/${typeErrorId}`);
    await chartSays(/^4 events in 24 hours/);
    // shop@2.0.0 and shop@2.0.1 finished two minutes apart: one label; shop@1.9.0 has its own
    expect(await page.getAttribute('.chart', 'data-markers')).toBe('shop@1.9.0 2 deploys');
    expect(await chartLabel()).toContain('deploys: shop@1.9.0, 2 deploys (shop@2.0.0, shop@2.0.1)');

    await page.click('[aria-label="Time range"] button:has-text("7d")');
    await page.waitForURL((u) => u.searchParams.get('range') === '7d');
    await chartSays(/^5 events in 7 days/);
    expect(await page.getAttribute('[aria-label="Time range"] button:has-text("7d")', 'aria-pressed')).toBe(
      'true',
    );
    await page.click('[aria-label="Time range"] button:has-text("30d")');
    await chartSays(/^5 events in 30 days/);
    await page.click('[aria-label="Time range"] button:has-text("1h")');
    await chartSays(/^4 events in the last hour/);
    // minute buckets: the two deploys are 2 minutes apart on a 60-minute axis, still one label
    expect(await page.getAttribute('.chart', 'data-markers')).toBe('2 deploys');
  });

  it('zooms by dragging across the chart, and back', async () => {
    await page.click('[aria-label="Time range"] button:has-text("24h")');
    await chartSays(/^4 events in 24 hours/);
    // the 24h answer (the page shows the 24h it has meanwhile) is in, and its chart drawn
    await page.waitForLoadState('networkidle');
    await page.waitForSelector('.chart .u-over');
    const box = (await page.locator('.chart .u-over').boundingBox())!;
    // from a fifth of the way to the right end: the last ~19 hours, all four events
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
    await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForSelector('.chart[data-zoomed=true]', { timeout: 5000 });
    await chartSays(/^4 events from /);
    // a span without events
    await page.click('text=Reset zoom');
    await page.waitForSelector('.chart:not([data-zoomed])');
    await chartSays(/^4 events in 24 hours/);
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await chartSays(/^0 events from /);
    await page.dblclick('.chart .u-over');
    await chartSays(/^4 events in 24 hours/);
  });

  it('scopes the issue page to one environment: count, chart, latest event, events', async () => {
    await page.selectOption('select[aria-label=Environment]', 'production');
    await page.waitForURL((u) => u.searchParams.get('env') === 'production');
    await page.waitForFunction(
      () => document.querySelector('.scope-bar [role=status]')?.textContent === '4 events of 5 in production',
      null,
      { timeout: 5000 },
    );
    await chartSays(/^3 events in 24 hours/);
    await page.selectOption('select[aria-label=Environment]', 'staging');
    await page.waitForFunction(
      () => document.querySelector('.scope-bar [role=status]')?.textContent === '1 event of 5 in staging',
      null,
      { timeout: 5000 },
    );
    await chartSays(/^1 event in 24 hours/);
    expect(await page.textContent('.event-nav')).toMatch(/1 of 1|1\s*\/\s*1/);
  });

  it('shows request, user, contexts and tags as readable tables, and no empty section', async () => {
    const request = page.locator('section.panel:has(h2:text-is("Request"))');
    expect(await request.locator('.request-line').textContent()).toBe('POST https://shop.example/cart');
    expect(await request.locator('table[aria-label="Request query"] tr').allTextContents()).toEqual([
      'couponSPRING24',
      'step2',
    ]);
    expect(await request.locator('table[aria-label="Request headers"]').textContent()).toContain(IPHONE);
    expect(await request.locator('pre').textContent()).toContain('"items": 2');
    expect(await page.textContent('table[aria-label=User]')).toContain('ana@example.com');
    // parsed from the User-Agent on ingest
    expect(await page.textContent('table[aria-label="Context browser"]')).toContain('Safari');
    expect(await page.textContent('table[aria-label="Context device"]')).toContain('iPhone');
    expect(await page.textContent('table[aria-label="Tags of this event"]')).toContain('Safari 17');
    // the frame in a function reads "in applyCoupon"; none reads "in ?"
    expect(await page.textContent('.frames')).not.toContain('in ?');
    await page.screenshot({ path: join(shots, 'issue-scoped.png'), fullPage: true });

    // a top-level frame has no function: it reads "app.js at line 3", not "in ?"
    await page.goto(`${s.url}/p/${s.projectId}/issues/${topLevelId}`);
    await page.waitForSelector('.frame-head');
    expect(await page.textContent('.frame-head')).toMatch(/^https:\/\/shop\.example\/app\.js at line 3/);
    await page.check('text=raw stack');
    expect(await page.textContent('.raw-stack')).toBe('  at https://shop.example/app.js:3:1');

    await page.goto(`${s.url}/p/${s.projectId}/issues/${messageId}`);
    await page.waitForSelector('.detail-head h1');
    const headings = await page.$$eval('section.panel h2', (els) => els.map((e) => e.textContent));
    expect(headings).not.toContain('Contexts');
    expect(headings).not.toContain('Request');
    expect(headings).not.toContain('User');
  });

  it('has a release page: deploys with verdicts, its issues, and the release before it', async () => {
    await page.click('nav a:has-text("Releases")');
    await page.click('.releases table a:text-is("shop@2.0.1")');
    await page.waitForURL(/\/releases\/shop%402\.0\.1$/);
    await page.waitForSelector('.release h1');
    expect(await page.textContent('.release h1')).toBe('shop@2.0.1');
    await page.waitForSelector('.release .deploy .verdict:not(.pending)', { timeout: 10_000 });
    const deployText = await page.textContent('.release .deploy');
    expect(deployText).toMatch(/\/min before → .*\/min after/);
    expect(await page.getAttribute('.release .deploy a:text-is("deploy log")', 'href')).toBe(
      'https://ci.example/run/77',
    );
    const newIssues = page.locator('section.panel:has(h2:text("New in this release")) li');
    expect(await newIssues.allTextContents()).toEqual([
      expect.stringContaining('TypeError: Coupon SPRING24'),
    ]);
    await page.waitForSelector('.release .chart[data-markers]');
    await page.screenshot({ path: join(shots, 'release.png'), fullPage: true });
    await page.click('.neighbours a:has-text("Previous")');
    await page.waitForFunction(() => document.querySelector('.release h1')?.textContent === 'shop@2.0.0');
    expect(
      await page.locator('section.panel:has(h2:text("New in this release")) li').allTextContents(),
    ).toEqual([expect.stringContaining('RangeError: old build')]);
  });

  it('matches typed environments to the known ones ignoring case; / always focuses search', async () => {
    await page.goto(`${s.url}/p/${s.projectId}/issues`);
    await page.waitForSelector('.issues');
    // the picker offers what the project has (asked for when a filter field is first focused)
    await page.focus('input[aria-label=Environment]');
    await page.waitForFunction(() => document.querySelectorAll('#known-environments option').length === 2);
    await page.fill('input[aria-label=Environment]', 'STAGING');
    await page.press('input[aria-label=Environment]', 'Enter');
    await page.waitForURL((u) => u.searchParams.get('environment') === 'staging');
    await page.waitForSelector('.issues:not(.stale) .issue-row:not(.head)');
    const titles = await page.$$eval('.issues .title', (els) => els.map((e) => e.textContent));
    expect(titles.sort()).toEqual(['Nightly export skipped', 'TypeError: Coupon SPRING24 is not valid']);

    await page.keyboard.press('/');
    await page.keyboard.type('is:bogus');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.error[role=alert]');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Search issues',
    );
    await page.keyboard.press('Escape');
  });

  it('shows storage and sets the retention in Settings', async () => {
    await page.goto(`${s.url}/p/${s.projectId}/settings`);
    const panel = page.locator('section.panel:has(h2:text("Storage and retention"))');
    await panel.locator('text=/\\d+ events stored/').waitFor();
    expect(await panel.textContent()).toMatch(/8 events stored/);
    expect(await panel.locator('svg.stored-chart').getAttribute('aria-label')).toMatch(
      /^events stored per day/,
    );
    await panel.locator('input[name=days]').fill('30');
    await panel.locator('input[name=max]').fill('50000');
    await panel.locator('input[name=rate]').fill('500');
    await panel.locator('input[name=spikes]').check();
    await panel.locator('button:has-text("Save")').click();
    await panel.locator('text=Saved').waitFor();
    const project = (await (await s.api(`/api/projects/${s.projectId}`)).json()) as {
      retention_days: number;
      max_events: number;
      settings: Record<string, unknown>;
    };
    expect(project.retention_days).toBe(30);
    expect(project.max_events).toBe(50000);
    expect(project.settings).toMatchObject({ rate_limit_per_second: 500, spike_protection: true });
    await page.reload();
    await page.waitForFunction(
      () => (document.querySelector('input[name=days]') as HTMLInputElement | null)?.value === '30',
    );
  });

  it('fits a 360 px phone on every page, and axe-core finds nothing serious, light and dark', async () => {
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 } });
    const problems: string[] = [];
    /** The page on screen: no wider than the phone, no serious or critical axe violation. */
    const check = async (name: string, scheme: string) => {
      const wide = await phone.evaluate(() => document.documentElement.scrollWidth);
      if (wide > 360) problems.push(`${name} (${scheme}) is ${wide} px wide`);
      await phone.screenshot({ path: join(shots, `phone-${name}-${scheme}.png`), fullPage: true });
      await phone.evaluate(axeSource);
      const found = await phone.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<AxeResult> } })
          .axe;
        const result = await axe.run(document, { resultTypes: ['violations'] });
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map(
            (v) =>
              `${v.id}: ${v.nodes
                .map((n) => n.target.join(' '))
                .slice(0, 3)
                .join(' | ')}`,
          );
      });
      for (const f of found) problems.push(`${name} (${scheme}) ${f}`);
    };
    for (const scheme of ['light', 'dark'] as const) {
      await phone.emulateMedia({ colorScheme: scheme });
      await phone.goto(`${s.url}/`);
      await phone.waitForSelector('input[type=email]');
      await check('login', scheme);
    }
    await phone.fill('input[type=email]', TEST_ADMIN.email);
    await phone.fill('input[type=password]', TEST_ADMIN.password);
    await phone.click('button[type=submit]');
    await phone.waitForSelector('.issues');
    const base = `${s.url}/p/${s.projectId}`;
    const pages: Array<[string, string, string]> = [
      ['issues', `${base}/issues`, '.issues'],
      ['issue', `${base}/issues/${typeErrorId}`, '.chart[data-markers]'],
      ['releases', `${base}/releases`, '.releases .chart[data-markers]'],
      ['release', `${base}/releases/shop%402.0.1`, '.release .chart[data-markers]'],
      ['alerts', `${base}/alerts`, 'main h2'],
      ['members', `${base}/members`, 'main h2'],
      ['settings', `${base}/settings`, 'main h2'],
    ];
    for (const scheme of ['light', 'dark'] as const) {
      await phone.emulateMedia({ colorScheme: scheme });
      for (const [name, url, ready] of pages) {
        await phone.goto(url);
        await phone.waitForSelector(ready, { timeout: 10_000 });
        await check(name, scheme);
      }
    }
    await phone.close();
    expect(problems).toEqual([]);
  }, 120_000);
});

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: string[] }> }>;
}
