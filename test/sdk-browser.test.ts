import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@faultline/server/testing';
import { launchChromium } from './helpers/browser.js';
import { waitForIssues } from './helpers/issues.js';
import { serveFiles } from './helpers/static.js';

// The browser SDK in real Chromium, on a page of another origin than the Faultline server.
let s: TestServer;
let browser: Browser;
let site: Awaited<ReturnType<typeof serveFiles>>;

beforeAll(async () => {
  s = await startTestServer();
  const dsn = s.dsn;
  // the classic script Faultline serves, loaded from the Faultline server by a page of another origin
  const page = `<!doctype html><script src="${s.url}/sdk/v1/faultline.min.js" crossorigin="anonymous"></script>
<script>
  Faultline.init({ dsn: ${JSON.stringify(dsn)}, release: 'web@1.0.0', environment: 'browser-test' });
  Faultline.setUser({ id: 'visitor-1' });
  console.log('page loaded');
  function renderCart() { throw new TypeError('thrown in the page'); }
  setTimeout(renderCart, 0);
  Promise.reject(new RangeError('rejected in the page'));
</script>`;
  site = await serveFiles({
    '/': { type: 'text/html', body: page },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await s?.close();
});

describe('the browser SDK in Chromium', () => {
  it('reports a thrown error and an unhandled rejection, with page context', async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(site.url);
    const issues = await waitForIssues(s, (all) => all.length >= 2);
    expect(issues.map((i) => `${i.type}: ${i.value}`).sort()).toEqual([
      'RangeError: rejected in the page',
      'TypeError: thrown in the page',
    ]);
    expect(pageErrors).toContain('thrown in the page'); // the page still sees its own errors
    const thrown = issues.find((i) => i.type === 'TypeError')!;
    expect(thrown.culprit).toContain('renderCart');
    const detail = (await (await s.api(`/api/projects/${s.projectId}/issues/${thrown.id}`)).json()) as {
      latest_event: {
        platform: string;
        release: string;
        request: { url: string };
        breadcrumbs: Array<{ category: string; message: string }>;
        exception: { values: Array<{ mechanism: { type: string; handled: boolean } }> };
      };
    };
    expect(detail.latest_event).toMatchObject({
      platform: 'javascript',
      release: 'web@1.0.0',
      request: { url: `${site.url}/` },
    });
    expect(detail.latest_event.exception.values[0]!.mechanism).toEqual({ type: 'onerror', handled: false });
    expect(detail.latest_event.breadcrumbs).toContainEqual(
      expect.objectContaining({ category: 'console', message: 'page loaded' }),
    );
    await page.close();
  });
});
