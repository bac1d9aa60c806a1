import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, startTestServer, type TestServer } from '@faultline/server/testing';
import { runFixture } from './helpers/child.js';
import { waitForIssues, type ApiIssue } from './helpers/issues.js';

// Real @sentry/node (current major) in real Node processes; Faultline is only a DSN change.
let s: TestServer;
let dsn: string;
beforeAll(async () => {
  s = await startTestServer();
  dsn = s.dsn;
});
afterAll(() => s.close());

const find = (issues: ApiIssue[], value: string) => issues.find((i) => i.value === value);

async function latestEvent(issueId: number) {
  const detail = (await (await s.api(`/api/projects/${s.projectId}/issues/${issueId}`)).json()) as {
    latest_event: {
      release: string;
      environment: string;
      platform: string;
      extra?: Record<string, string>;
      exception?: {
        values: Array<{
          stacktrace: { frames: Array<{ filename: string; function: string; in_app: boolean }> };
        }>;
      };
    };
  };
  return detail.latest_event;
}

describe('@sentry/node against Faultline', () => {
  it('captureException and captureMessage arrive with type, value, release, environment and in-app frames', async () => {
    const r = await runFixture('sentry/node-app.ts', ['capture'], { DSN: dsn });
    expect(r.code, r.stderr).toBe(0);
    const issues = await waitForIssues(
      s,
      (all) => !!find(all, 'card 4242 declined by the gateway') && !!find(all, 'payment service degraded'),
    );
    const thrown = find(issues, 'card 4242 declined by the gateway')!;
    expect(thrown).toMatchObject({ type: 'Error', first_release: 'sentry-app@2.0.0' });
    expect(thrown.culprit).toMatch(/payments\.ts in chargeCard/);
    const event = await latestEvent(thrown.id);
    expect(event).toMatchObject({
      release: 'sentry-app@2.0.0',
      environment: 'sentry-test',
      platform: 'node',
    });
    const inApp = event.exception!.values[0]!.stacktrace.frames.filter((f) => f.in_app);
    expect(inApp.map((f) => f.function)).toContain('chargeCard');
    expect(find(issues, 'payment service degraded')).toMatchObject({
      level: 'warning',
      title: 'payment service degraded',
    });
  });

  it('the same throw site from @sentry/node and @faultline/sdk is one issue', async () => {
    const r = await runFixture('sdk/same-site.ts', [], { DSN: dsn });
    expect(r.code, r.stderr).toBe(0);
    const issues = await waitForIssues(
      s,
      (all) => (find(all, 'card 4242 declined by the gateway')?.count ?? 0) >= 2,
    );
    expect(issues.filter((i) => i.title.includes('declined by the gateway'))).toHaveLength(1);
    expect(find(issues, 'card 4242 declined by the gateway')!.count).toBe(2);
  });

  it('an uncaught exception arrives', async () => {
    const r = await runFixture('sentry/node-app.ts', ['uncaught'], { DSN: dsn });
    expect(r.code).toBe(1);
    const issues = await waitForIssues(s, (all) => !!find(all, 'sentry uncaught boom'));
    expect(find(issues, 'sentry uncaught boom')).toMatchObject({ type: 'TypeError', level: 'fatal' });
  });

  it('an unhandled rejection arrives', async () => {
    await runFixture('sentry/node-app.ts', ['rejection'], { DSN: dsn });
    const issues = await waitForIssues(s, (all) => !!find(all, 'sentry rejected boom'));
    expect(find(issues, 'sentry rejected boom')).toMatchObject({ type: 'RangeError' });
  });

  it('an event over 32 KiB (sent gzipped) arrives intact', async () => {
    const r = await runFixture('sentry/node-app.ts', ['large'], { DSN: dsn });
    expect(r.code, r.stderr).toBe(0);
    const issues = await waitForIssues(s, (all) => !!find(all, 'large event'));
    const event = await latestEvent(find(issues, 'large event')!.id);
    expect(event.extra!.blob).toHaveLength(40_003);
    expect(event.extra!.blob!.endsWith('END')).toBe(true);
  });
});

describe('@sentry/node against a rate-limited Faultline', () => {
  it('backs off: after a 429 it stops sending for the time it was told', async () => {
    const limited = await startTestServer({
      ingest: { ...defaultConfig().ingest, rateLimit: { perSecond: 1, burst: 2 } },
    });
    try {
      const limitedDsn = limited.dsn;
      const r = await runFixture('sentry/node-app.ts', ['burst'], { DSN: limitedDsn });
      expect(r.code, r.stderr).toBe(0);
      const metrics = await (await fetch(`${limited.url}/metrics`)).text();
      const received = Number(/faultline_sentry_events_received_total (\d+)/.exec(metrics)?.[1] ?? NaN);
      const limitedCount = Number(
        /faultline_ingest_refused_total\{reason="rate_limited"\} (\d+)/.exec(metrics)?.[1] ?? 0,
      );
      expect(limitedCount).toBeGreaterThanOrEqual(1);
      // 10 errors over ~1 s: without backing off, 10 event envelopes would have come
      expect(received).toBeLessThan(9);
    } finally {
      await limited.close();
    }
  });
});
