import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  detectSpikes,
  startReceiver,
  startTestServer,
  TEST_ADMIN,
  type TestServer,
} from '@faultline/server/testing';
import { launchChromium } from './helpers/browser.js';
import { waitForIssues } from './helpers/issues.js';
import { serveFiles } from './helpers/static.js';

// The triage UI in real Chromium, on a real server, with issues a real (minified, source-mapped) app
// sent through the SDK.
const uiDir = fileURLToPath(new URL('../packages/ui', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'faultline-ui-'));
const shots = join(work, 'screenshots');
let s: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  execFileSync(
    process.execPath,
    [join(uiDir, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'],
    { cwd: uiDir },
  );
  s = await startTestServer({ uiDir: join(uiDir, 'dist') });
  mkdirSync(shots, { recursive: true });

  // the app: minified with a content-hashed name, its map uploaded, a deploy recorded, then run
  const dist = join(work, 'dist');
  await build({
    entryPoints: [fileURLToPath(new URL('./fixtures/ui/checkout.js', import.meta.url))],
    bundle: true,
    minify: true,
    sourcemap: true,
    sourcesContent: true,
    platform: 'node',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    entryNames: '[name]-[hash]',
    outdir: dist,
    logLevel: 'silent',
  });
  const bundle = readdirSync(dist).find((f) => f.endsWith('.mjs'))!;
  const form = new FormData();
  form.set('release', 'shop@4.2.0');
  form.set('url', `~/dist/${bundle}`);
  form.set('file', new Blob([readFileSync(join(dist, `${bundle}.map`))]), `${bundle}.map`);
  const upload = await fetch(`${s.url}/api/projects/${s.projectId}/sourcemaps`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${TEST_ADMIN.token}` },
  });
  expect(upload.status).toBe(201);
  await s.api(`/api/projects/${s.projectId}/deploys`, {
    method: 'POST',
    body: JSON.stringify({
      release: 'shop@4.2.0',
      environment: 'production',
      revision: '9f1c2e7',
      deployer: 'ci',
    }),
  });
  // async: the app sends to this very process, whose event loop must keep serving
  await promisify(execFile)(process.execPath, [join(dist, bundle)], {
    env: { ...process.env, DSN: s.dsn, RELEASE: 'shop@4.2.0' },
  });
  await waitForIssues(s, (all) => all.length >= 2);

  // a third issue, in staging, quiet for two hours then 40 events in the last complete 10 minutes:
  // the spike job (run here rather than waiting for its minute) marks it spiking
  const window = Math.floor(Date.now() / 600_000) * 600_000;
  const stock = (at: number) => ({
    exception: {
      values: [
        { type: 'Error', value: 'Stock sync failed', stack: 'Error: x\n    at sync (/srv/stock.js:1:1)' },
      ],
    },
    environment: 'staging',
    timestamp: new Date(at).toISOString(),
  });
  const quiet = Array.from({ length: 11 }, (_, i) => stock(window - 2 * 3_600_000 + i * 600_000));
  const burst = Array.from({ length: 40 }, (_, i) => stock(window - 540_000 + i * 10_000));
  // and one with a long unbroken message, which must wrap rather than widen its page
  const long = {
    message: `Unreachable:${'/very/long/path'.repeat(30)}`,
    level: 'error',
    environment: 'staging',
  };
  expect((await s.ingest({ events: [...quiet, ...burst, long] })).status).toBe(200);
  expect(await detectSpikes(s.database.db, new Date())).toBeGreaterThanOrEqual(1);

  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // the UI must work under the server's Content-Security-Policy (no inline script or style)
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
  console.log(`UI screenshots kept in ${shots}`);
  rmSync(join(work, 'dist'), { recursive: true, force: true });
});

const cspViolations: string[] = [];

describe('the triage UI', () => {
  it('logs in and lists the issues the SDK sent; event data stays text', async () => {
    await page.goto(`${s.url}/`);
    await page.fill('input[type=email]', TEST_ADMIN.email);
    await page.fill('input[type=password]', TEST_ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('.issues');
    const titles = await page.$$eval('.issues .title', (els) => els.map((e) => e.textContent));
    expect(titles).toContain('TypeError: Coupon SPRING24 is not valid for this cart');
    const xss = titles.find((t) => t?.includes('onerror'));
    expect(xss).toBe('<img src=x onerror="window.__xss = 1">Checkout banner failed');
    expect(await page.$$('.issues img')).toHaveLength(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.screenshot({ path: join(shots, 'issues.png'), fullPage: true });
  });

  it('marks a spiking issue, finds it with is:spiking, and shows its spike', async () => {
    expect(await page.textContent('.issue-row:has(.badge.spiking) .title', { timeout: 5000 })).toBe(
      'Error: Stock sync failed',
    );
    await page.keyboard.press('/');
    await page.keyboard.type('is:spiking');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('query') === 'is:spiking', { timeout: 5000 });
    await page.waitForFunction(() => document.querySelectorAll('.issue-row:not(.head)').length === 1, null, {
      timeout: 5000,
    });
    await page.click('.issues .title');
    await page.waitForSelector('.detail-head .badge.spiking', { timeout: 5000 });
    expect(await page.textContent('.spikes')).toMatch(/Spike in staging: 40 events in 10 minutes/);
    await page.goto(`${s.url}/p/${s.projectId}/issues`);
    await page.waitForSelector('.issues');
  });

  it('opens an issue with the keyboard: original code, deploy marker, suspect deploy', async () => {
    // j until the TypeError row is selected, then enter
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('j');
      const selected = await page.$eval('.issue-row.selected .title', (e) => e.textContent).catch(() => '');
      if (selected?.startsWith('TypeError')) break;
    }
    expect(page.url()).toMatch(/sel=\d+/);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.detail-head h1');
    expect(await page.textContent('.detail-head h1')).toBe(
      'TypeError: Coupon SPRING24 is not valid for this cart',
    );
    const highlighted = await page.textContent('.frame.in-app .code .hl');
    expect(highlighted).toContain('throw new TypeError(`Coupon ${code} is not valid for this cart`)');
    expect(await page.textContent('.frame.in-app .frame-head')).toContain('applyCoupon');
    // drawn on the canvas, not merely known: the chart lists the markers its draw hook painted
    await page.waitForSelector('.chart[data-markers="shop@4.2.0"]', { timeout: 5000 });
    expect(await page.getAttribute('.chart', 'aria-label')).toMatch(
      /^1 event in 24 hours; deploys: shop@4.2.0/,
    );
    expect(await page.$('.chart canvas')).not.toBeNull();
    expect(await page.textContent('.suspect')).toContain('9f1c2e7');
    await page.screenshot({ path: join(shots, 'issue.png'), fullPage: true });
  });

  it('resolves with r; the issue leaves the unresolved list', async () => {
    await page.keyboard.press('r');
    await page.waitForSelector('.badge.status-resolved');
    await page.keyboard.press('Escape');
    await page.waitForSelector('.issues, .empty');
    const titles = await page.$$eval('.issues .title', (els) => els.map((e) => e.textContent));
    expect(titles).not.toContain('TypeError: Coupon SPRING24 is not valid for this cart');
    await page.goBack(); // history works: back to the issue
    await page.waitForSelector('.detail-head h1');
  });

  it('shows releases and deploys with their health', async () => {
    await page.click('nav a:has-text("Releases")');
    await page.waitForSelector('.deploy');
    expect(await page.textContent('.deploy')).toContain('shop@4.2.0');
    // the app's two errors came after the deploy: new issues, so the deploy is suspect at once
    await page.waitForSelector('.deploy .verdict.suspect', { timeout: 5000 });
    expect(await page.textContent('.deploy')).toContain('2 new · 0 regressed since');
    // the error-rate chart: this hour's two events, and the deploy drawn on it
    await page.waitForSelector('.releases .chart[data-markers="shop@4.2.0"]', { timeout: 5000 });
    expect(await page.getAttribute('.releases .chart', 'aria-label')).toMatch(/^2 events in 24 hours/);
    await page.screenshot({ path: join(shots, 'releases.png'), fullPage: true });
    await page.keyboard.press('?');
    expect(await page.textContent('.shortcuts')).toContain('resolve');
  });

  it('keeps the list as the triager left it', async () => {
    await page.keyboard.press('Escape');
    const list = `${s.url}/p/${s.projectId}/issues?status=all&sort=count`;
    await page.goto(list);
    await page.waitForSelector('.issue-row:not(.head)');
    // a ticked checkbox keeps the keyboard: j still moves
    await page.click('.issue-row:not(.head) input[type=checkbox] >> nth=0');
    expect(await page.textContent('.bulk')).toContain('1 selected');
    await page.keyboard.press('j');
    await page.waitForURL(/sel=\d+/);
    // ticks belong to the rows on screen: another filter starts with none
    await page.click('button:has-text("unresolved")');
    await page.waitForURL((u) => !u.searchParams.has('status'));
    await page.waitForSelector('.issues:not(.stale)');
    expect(await page.textContent('.bulk')).not.toContain('selected');
    // Enter in any filter applies them all, the search box included
    await page.fill('.search', 'Coupon');
    await page.fill('input[aria-label=Environment]', 'production');
    await page.press('input[aria-label=Environment]', 'Enter');
    await page.waitForURL((u) => u.searchParams.get('environment') === 'production');
    expect(new URL(page.url()).searchParams.get('query')).toBe('Coupon');
    // to an issue and back (link and Escape): filters, sort and selection survive
    await page.goto(list);
    await page.click('.issues .title >> text=Unreachable');
    await page.waitForSelector('.detail-head h1');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(1280); // the long title wraps
    await page.keyboard.press('Escape');
    await page.waitForSelector('.issue-row.selected');
    const back = new URL(page.url());
    expect(back.searchParams.get('status')).toBe('all');
    expect(back.searchParams.get('sort')).toBe('count');
    expect(await page.textContent('.issue-row.selected .title')).toMatch(/^Unreachable/);
    // r on the unresolved list: the issue leaves, and the one after it is selected
    await page.click('button:has-text("unresolved")');
    await page.waitForSelector('.issues:not(.stale)');
    await page.keyboard.press('j');
    const first = await page.textContent('.issue-row.selected .title');
    const rows = await page.$$eval('.issue-row:not(.head) .title', (els) => els.map((e) => e.textContent));
    await page.keyboard.press('r');
    await page.waitForFunction(
      (gone) => ![...document.querySelectorAll('.issue-row .title')].some((e) => e.textContent === gone),
      first,
    );
    await page.waitForSelector('.issue-row.selected');
    expect(await page.textContent('.issue-row.selected .title')).toBe(rows[1]);
  });

  it('follows the system dark theme', async () => {
    await page.keyboard.press('Escape');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${s.url}/p/${s.projectId}/issues?status=all`);
    await page.waitForSelector('.issues');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = bg.match(/\d+/g)!.map(Number);
    expect(r! + g! + b!).toBeLessThan(150); // a dark page, not the light one
    await page.screenshot({ path: join(shots, 'issues-dark.png'), fullPage: true });
    await page.click('.issues .title >> nth=0');
    await page.waitForSelector('.detail-head h1');
    await page.screenshot({ path: join(shots, 'issue-dark.png'), fullPage: true });
  });

  it('fits a phone-sized window', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 420, height: 800 });
    await page.goto(`${s.url}/p/${s.projectId}/issues?status=all`);
    await page.waitForSelector('.issue-row:not(.head)');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
    const title = await page.$eval('.issue-row:not(.head) .title', (e) => e.getBoundingClientRect().width);
    expect(title).toBeGreaterThan(150); // the title column keeps room to be read
    await page.screenshot({ path: join(shots, 'issues-narrow.png'), fullPage: true });
  });

  it('the browser snippet of Settings works pasted as shown into a page of another origin', async () => {
    await page.goto(`${s.url}/p/${s.projectId}/settings`);
    const snippet = (await page.textContent('pre[data-snippet="browser"]'))!;
    expect(snippet).toContain(s.dsn);
    expect(snippet).toContain(`${s.url}/sdk/v1/faultline.min.js`);
    // the user's page: the snippet in its head, as the Settings page says, RELEASE replaced
    const html = `<!doctype html><html><head>${snippet.replace('RELEASE', 'site@9.9.9')}</head>
<body><button id="buy" onclick="checkoutSnippet()">Buy</button>
<script>function checkoutSnippet() { throw new Error('snippet page failed at checkout'); }</script></body></html>`;
    const site = await serveFiles({ '/': { type: 'text/html', body: html } });
    const other = await browser.newPage();
    try {
      await other.goto(site.url);
      await other.click('#buy');
      const issues = await waitForIssues(s, (all) =>
        all.some((i) => i.title.includes('snippet page failed')),
      );
      const issue = issues.find((i) => i.title.includes('snippet page failed'));
      expect(issue).toMatchObject({ first_release: 'site@9.9.9' });
    } finally {
      await other.close();
      await site.close();
    }
  });

  describe('keys pressed back to back, as a fast typist or key repeat sends them', () => {
    let project: { id: number; name: string; public_key: string };
    const list = () => `${s.url}/p/${project.id}/issues?sort=count`;
    const title = (n: number) => `Error: key test ${n} failed`;
    const selectedTitle = () => page.textContent('.issue-row.selected .title');
    const status = async (n: number) => {
      const res = await s.api(
        `/api/projects/${project.id}/issues?status=all&query=${encodeURIComponent(`key test ${n} `)}`,
      );
      const { issues } = (await res.json()) as { issues: Array<{ title: string; status: string }> };
      return issues.find((i) => i.title === title(n))?.status;
    };

    beforeAll(async () => {
      const res = await s.api('/api/projects', { method: 'POST', body: JSON.stringify({ name: 'Keys' }) });
      project = (await res.json()) as typeof project;
      // issue n has 7 - n events: sorted by count, the list reads key test 1, 2, 3 … 6
      const events = [1, 2, 3, 4, 5, 6].flatMap((n) =>
        Array.from({ length: 7 - n }, () => ({
          exception: {
            values: [
              {
                type: 'Error',
                value: `key test ${n} failed`,
                stack: `Error: x\n    at step${n} (/app/keys.js:${n}:1)`,
              },
            ],
          },
        })),
      );
      const sent = await s.ingest(
        { events },
        { projectId: project.id, headers: { 'x-faultline-key': project.public_key } },
      );
      expect(sent.status).toBe(200);
      expect(await status(6)).toBe('unresolved'); // acknowledged means stored
    });

    it('j Enter opens the row j selected', async () => {
      await page.goto(list());
      await page.waitForSelector('.issues:not(.stale) .issue-row:not(.head)');
      await page.keyboard.press('j');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.detail-head h1');
      expect(await page.textContent('.detail-head h1')).toBe(title(1));
    });

    it('j j Enter in one task (no render between the keys) opens the second row', async () => {
      await page.goto(list());
      await page.waitForSelector('.issues:not(.stale) .issue-row:not(.head)');
      await page.evaluate(() => {
        for (const key of ['j', 'j', 'Enter']) dispatchEvent(new KeyboardEvent('keydown', { key }));
      });
      await page.waitForSelector('.detail-head h1');
      expect(await page.textContent('.detail-head h1')).toBe(title(2));
    });

    it('j j Enter r typed while the list loads: the second row opens and is resolved', async () => {
      // the list's rows take a while (as on a slow link): the keys come while they load
      const slow = /\/api\/projects\/\d+\/issues\?/;
      await page.route(slow, async (route) => {
        await new Promise((r) => setTimeout(r, 500));
        await route.continue();
      });
      await page.goto(list());
      await page.waitForSelector('.shell');
      expect(await page.$('.issue-row:not(.head)')).toBeNull();
      await page.keyboard.press('j');
      await page.keyboard.press('j');
      await page.keyboard.press('Enter');
      await page.keyboard.press('r');
      await page.waitForSelector('.badge.status-resolved');
      expect(await page.textContent('.detail-head h1')).toBe(title(2));
      expect(await status(2)).toBe('resolved');
      expect(await status(1)).toBe('unresolved');
      await page.unroute(slow);
    });

    it('/ text Enter searches for the text', async () => {
      await page.goto(list());
      await page.waitForSelector('.issues:not(.stale) .issue-row:not(.head)');
      await page.keyboard.press('/');
      await page.keyboard.type('key test 4 ');
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.searchParams.get('query') === 'key test 4');
      await page.waitForSelector('.issues:not(.stale) .issue-row:not(.head)');
      const titles = await page.$$eval('.issue-row:not(.head) .title', (els) =>
        els.map((e) => e.textContent),
      );
      expect(titles).toEqual([title(4)]);
    });

    it('j r j: the key after an action moves in the list the action left', async () => {
      await page.goto(list());
      await page.waitForSelector('.issues:not(.stale) .issue-row:not(.head)');
      // the list: 1, 3, 4, 5, 6 (2 was resolved above)
      await page.keyboard.press('j');
      await page.keyboard.press('r');
      await page.keyboard.press('j');
      // 1 leaves; its place goes to 3; j moves on to 4
      await page.waitForFunction(
        (gone) => ![...document.querySelectorAll('.issue-row .title')].some((e) => e.textContent === gone),
        title(1),
      );
      await expect.poll(selectedTitle, { timeout: 10_000 }).toBe(title(4));
      expect(await status(1)).toBe('resolved');
      expect(await status(3)).toBe('unresolved');
    });
  });

  it('Alerts: adds a channel and a rule, sends a test message and shows its delivery', async () => {
    const hook = await startReceiver();
    try {
      await page.goto(`${s.url}/p/${s.projectId}/alerts`);
      await page.waitForSelector('h2:has-text("Channels")');
      await page.fill('input[aria-label="Channel name"]', 'ops hook');
      await page.selectOption('select[aria-label=Kind]', 'webhook');
      await page.fill('input[aria-label=URL]', hook.url);
      await page.click('button:has-text("Add channel")');
      await page.waitForSelector('.channels td:has-text("ops hook")');
      await page.fill('input[aria-label="Rule name"]', 'production errors');
      await page.fill('input[aria-label=Environments]', 'production');
      await page.check('input[name=channel]');
      await page.click('button:has-text("Add rule")');
      await page.waitForSelector('td:has-text("production errors")');
      await page.click('button:has-text("Send test")');
      await page.waitForSelector('.test-result:has-text("test delivered")');
      expect(hook.received).toHaveLength(1);
      expect(hook.received[0]!.json).toMatchObject({ trigger: 'test', project: { id: s.projectId } });
      await page.waitForSelector('.deliveries td:has-text("test")');
      expect(await page.textContent('.channels')).toMatch(/delivered .*\(HTTP 200\)/);
      await page.screenshot({ path: join(shots, 'alerts.png'), fullPage: true });
      const rules = (await (await s.api(`/api/projects/${s.projectId}/alert-rules`)).json()) as {
        rules: Array<{ name: string; environments: string[] | null; channel_ids: number[] }>;
      };
      expect(rules.rules.find((r) => r.name === 'production errors')).toMatchObject({
        environments: ['production'],
        channel_ids: [expect.any(Number)],
      });
    } finally {
      await hook.close();
    }
  });

  it('ran every page above without a Content-Security-Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
