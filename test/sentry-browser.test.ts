import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@faultline/server/testing';
import { launchChromium } from './helpers/browser.js';
import { waitForIssues } from './helpers/issues.js';
import { serveFiles } from './helpers/static.js';

// Real @sentry/browser (current major), bundled like an app would, in real Chromium on another
// origin: it sends text/plain envelopes with the key in the query, and needs CORS.
let s: TestServer;
let browser: Browser;
let site: Awaited<ReturnType<typeof serveFiles>>;

beforeAll(async () => {
  s = await startTestServer();
  const bundle = await build({
    stdin: {
      contents: "import * as Sentry from '@sentry/browser'; window.Sentry = Sentry;",
      resolveDir: import.meta.dirname,
      loader: 'js',
    },
    bundle: true,
    minify: true,
    format: 'iife',
    write: false,
    logLevel: 'silent',
  });
  const dsn = s.dsn;
  const page = `<!doctype html><script src="/app.js"></script>
<script>
  Sentry.init({ dsn: ${JSON.stringify(dsn)}, release: 'web@4.0.0', environment: 'sentry-browser-test' });
  function applyCoupon() { throw new TypeError('coupon exploded in the browser'); }
  setTimeout(applyCoupon, 0);
  // in a later task: @sentry/browser sets up its unhandledrejection handler after init returns
  setTimeout(() => { Promise.reject(new RangeError('browser promise rejected')); }, 50);
  Sentry.captureMessage('checkout page opened');
</script>`;
  site = await serveFiles({
    '/': { type: 'text/html', body: page },
    '/app.js': { type: 'text/javascript', body: bundle.outputFiles[0]!.text },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await s?.close();
});

describe('@sentry/browser in Chromium against Faultline', () => {
  it('reports a thrown error, an unhandled rejection and a message', async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    const issues = await waitForIssues(s, (all) => all.length >= 3);
    const byValue = Object.fromEntries(issues.map((i) => [i.value, i]));
    expect(byValue['coupon exploded in the browser']).toMatchObject({
      type: 'TypeError',
      first_release: 'web@4.0.0',
    });
    expect(byValue['coupon exploded in the browser']!.culprit).toContain('applyCoupon');
    expect(byValue['browser promise rejected']).toMatchObject({ type: 'RangeError' });
    expect(byValue['checkout page opened']).toMatchObject({ title: 'checkout page opened', level: 'info' });
    const detail = (await (
      await s.api(`/api/projects/${s.projectId}/issues/${byValue['coupon exploded in the browser']!.id}`)
    ).json()) as {
      latest_event: {
        environment: string;
        exception: {
          values: Array<{ stacktrace: { frames: Array<{ in_app: boolean; filename: string }> } }>;
        };
      };
    };
    expect(detail.latest_event.environment).toBe('sentry-browser-test');
    const frames = detail.latest_event.exception.values[0]!.stacktrace.frames;
    expect(frames.some((f) => f.in_app && f.filename.startsWith(site.url))).toBe(true);
    await page.close();
  });
});
