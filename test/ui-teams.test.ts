import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeammate, startTestServer, TEST_ADMIN, type TestServer } from '@faultline/server/testing';
import { launchChromium } from './helpers/browser.js';
import { buildUi, logIn } from './helpers/ui-build.js';

// A team in real Chromium: the admin invites a teammate, who accepts in another browser (another
// context: other cookies), assigns an issue to themselves and comments; a viewer cannot resolve; the
// admin rotates the project's key.
const work = mkdtempSync(join(tmpdir(), 'faultline-ui-teams-'));
let s: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const cspViolations: string[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(8_000); // a missing element fails with its selector, before the test's timeout
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return page;
}

const login = (page: Page, email: string, password: string) => logIn(page, s.url, email, password);

beforeAll(async () => {
  s = await startTestServer({ uiDir: buildUi(join(work, 'ui')) });
  const stack = (fn: string) => `TypeError: ${fn} failed\n    at ${fn} (/srv/app/src/${fn}.js:10:5)`;
  const res = await s.ingest({
    events: ['checkout', 'search'].map((fn) => ({
      exception: { values: [{ type: 'TypeError', value: `${fn} failed`, stack: stack(fn) }] },
      environment: 'production',
    })),
  });
  expect(res.status).toBe(200);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await s?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('a team in the UI', () => {
  it(
    'the admin invites a member, who joins, assigns an issue to themselves and comments',
    { timeout: 60_000 },
    async () => {
      const admin = await newPage();
      await login(admin, TEST_ADMIN.email, TEST_ADMIN.password);
      await admin.click('nav a:has-text("Members")');
      await admin.fill('input[aria-label="Email to invite"]', 'sam@example.com');
      await admin.selectOption('select[aria-label=Role]', 'member');
      await admin.click('button:has-text("Create invite")');
      const link = await admin.getAttribute('[data-invite-url]', 'data-invite-url');
      expect(link).toMatch(new RegExp(`^${s.url}/invite/`));
      await admin.waitForSelector('td:has-text("sam@example.com")'); // pending

      // the teammate, in a browser of their own
      const sam = await newPage();
      await sam.goto(link!);
      await sam.waitForSelector('text=You are invited as');
      await sam.fill('input[autocomplete=name]', 'Sam Rivera');
      await sam.fill('input[type=password]', 'password123');
      await sam.click('button:has-text("Join")');
      await sam.waitForSelector('[role=alert]:has-text("common")'); // a weak password is refused
      await sam.fill('input[type=password]', 'quiet river at dawn');
      await sam.click('button:has-text("Join")');
      await sam.waitForSelector('.issues');

      await sam.click('.issues .title:has-text("checkout failed")');
      await sam.waitForSelector('.detail-head');
      await sam.click('button:has-text("Assign to me")');
      await sam.waitForSelector('.detail-head .meta:has-text("assigned to Sam Rivera")');
      const note =
        'Looks like the coupon service again, see https://status.example.com/incidents?id=42 <b>not bold</b>';
      await sam.fill('textarea[aria-label=Comment]', note);
      await sam.click('button:has-text("Comment")');
      await sam.waitForSelector('.comment-text:has-text("coupon service")');
      // the link is a link, the markup stays text
      expect(await sam.getAttribute('.comment-text a', 'href')).toBe(
        'https://status.example.com/incidents?id=42',
      );
      expect(await sam.getAttribute('.comment-text a', 'rel')).toMatch(/noopener/);
      expect(await sam.$$('.comment-text b')).toHaveLength(0);
      expect(await sam.textContent('.activity')).toMatch(/assigned to Sam Rivera.*by Sam Rivera/s);

      // "Assigned to me" finds exactly that issue
      await sam.goto(`${s.url}/p/${s.projectId}/issues`);
      await sam.click('button:has-text("Assigned to me")');
      await sam.waitForFunction(() => document.querySelectorAll('.issues .title').length === 1);
      expect(await sam.textContent('.issues')).toContain('checkout failed');
      expect(await sam.textContent('.issues')).toContain('→ Sam Rivera');

      // the admin sees who did what
      await admin.goto(`${s.url}/p/${s.projectId}/issues`);
      await admin.waitForSelector('.issues .assignee:has-text("Sam Rivera")');
    },
  );

  it('a viewer can read but not resolve', async () => {
    const viewer = await addTeammate(s, 'viewer', 'vera@example.com');
    const page = await newPage();
    await login(page, viewer.email, viewer.password);
    await page.click('.issues .title:has-text("search failed")');
    await page.waitForSelector('.detail-head');
    await page.click('button:has-text("Resolve")');
    await page.waitForSelector('[role=alert]:has-text("project:write")');
    const issues = (await (await s.api(`/api/projects/${s.projectId}/issues?query=search`)).json()) as {
      issues: Array<{ status: string }>;
    };
    expect(issues.issues[0]!.status).toBe('unresolved');
  });

  it('bulk: per-status actions, assign to a member, merge with a confirmation naming both', async () => {
    const stack = (fn: string) => `Error: ${fn} broke\n    at ${fn} (/srv/app/src/${fn}.js:3:9)`;
    const sent = await s.ingest({
      events: ['alpha', 'beta'].map((fn) => ({
        exception: { values: [{ type: 'Error', value: `${fn} broke`, stack: stack(fn) }] },
      })),
    });
    expect(sent.status).toBe(200);
    const admin = await newPage();
    await login(admin, TEST_ADMIN.email, TEST_ADMIN.password);
    await admin.goto(`${s.url}/p/${s.projectId}/issues?query=broke`);
    await admin.waitForFunction(() => document.querySelectorAll('.issues .title').length === 2);
    await admin.check('input[aria-label="Select Error: alpha broke"]');
    await admin.check('input[aria-label="Select Error: beta broke"]');
    // the unresolved tab offers resolve and ignore, not reopen
    expect(await admin.$$('.bulk button:has-text("Reopen")')).toHaveLength(0);
    await admin.selectOption('select[aria-label="Assign selected to"]', 'sam@example.com');
    await admin.waitForFunction(() => document.querySelectorAll('.issues .assignee').length >= 2);
    const titles = await admin.$$eval('.issues .title', (els) => els.map((e) => e.textContent));
    await admin.check(`input[aria-label="Select ${titles[0]}"]`);
    await admin.check(`input[aria-label="Select ${titles[1]}"]`);
    let question = '';
    admin.once('dialog', (d) => {
      question = d.message();
      void d.accept();
    });
    await admin.click('.bulk button:has-text("Merge")');
    await admin.waitForFunction(() => document.querySelectorAll('.issues .title').length === 1);
    expect(question).toContain(`"${titles[0]}"`);
    expect(question).toContain(String(titles[1]));
    // is:resolved in the search moves the tab; the resolved tab offers reopen
    await admin.check(`input[aria-label="Select ${titles[0]}"]`);
    await admin.click('.bulk button:has-text("Resolve")');
    await admin.waitForFunction(() => document.querySelectorAll('.issues .title').length === 0);
    await admin.fill('input[aria-label="Search issues"]', 'broke is:resolved');
    await admin.press('input[aria-label="Search issues"]', 'Enter');
    await admin.waitForSelector('.segmented button.on:has-text("resolved")');
    await admin.check(`input[aria-label="Select ${titles[0]}"]`);
    expect(await admin.$$('.bulk button:has-text("Resolve")')).toHaveLength(0);
    await admin.click('.bulk button:has-text("Reopen")');
    await admin.waitForFunction(() => document.querySelectorAll('.issues .title').length === 0);
  });

  it('settings: auto-resolve on deploy, delete a source map, create a project', async () => {
    const form = new FormData();
    form.set('release', '1.0.0');
    form.set('url', '~/app.min.js');
    form.set(
      'file',
      new Blob([JSON.stringify({ version: 3, sources: ['a.js'], names: [], mappings: 'AAAA' })]),
      'app.min.js.map',
    );
    const upload = await fetch(`${s.url}/api/projects/${s.projectId}/sourcemaps`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${TEST_ADMIN.token}` },
    });
    expect(upload.status).toBe(201);
    const admin = await newPage();
    await login(admin, TEST_ADMIN.email, TEST_ADMIN.password);
    await admin.goto(`${s.url}/p/${s.projectId}/settings`);
    await admin.check('label.check:has-text("Resolve the issues open") input[type=checkbox]');
    await admin.waitForFunction(async () => {
      const r = await fetch(location.pathname.replace(/^\/p\/(\d+).*/, '/api/projects/$1'));
      return (
        ((await r.json()) as { settings: { auto_resolve_on_deploy?: boolean } }).settings
          .auto_resolve_on_deploy === true
      );
    });
    admin.once('dialog', (d) => void d.accept());
    await admin.click('button[aria-label="Delete the source map of ~/app.min.js (1.0.0)"]');
    await admin.waitForSelector('text=None uploaded');
    await admin.fill('input[aria-label="New project name"]', 'Mobile app');
    await admin.click('button:has-text("Create project")');
    await admin.waitForSelector('select[aria-label=Project] option:has-text("Mobile app")', {
      state: 'attached',
    });
    await admin.waitForURL(/\/p\/\d+\/settings$/);
    expect(admin.url()).not.toContain(`/p/${s.projectId}/`);
    expect(await admin.textContent('.dsn code')).toMatch(/^http:\/\/[0-9a-f]{32}@127\.0\.0\.1:\d+\/\d+$/);
  });

  // last: it revokes the key the tests above send with
  it('the admin adds a key and revokes the old one in Settings', async () => {
    const admin = await newPage();
    await login(admin, TEST_ADMIN.email, TEST_ADMIN.password);
    await admin.goto(`${s.url}/p/${s.projectId}/settings`);
    await admin.waitForSelector('.keys td:has-text("Default")');
    await admin.fill('input[aria-label="Key label"]', 'web 2026-12');
    await admin.click('button:has-text("Add key")');
    await admin.waitForSelector('.keys td:has-text("web 2026-12")');
    admin.once('dialog', (d) => void d.accept());
    await admin.click('.keys tr:has-text("Default") button:has-text("Revoke")');
    await admin.waitForSelector('.keys tr.revoked:has-text("Default")');
    expect((await s.ingest({ message: 'old key' })).status).toBe(401);
  });

  it('ran without a Content-Security-Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
