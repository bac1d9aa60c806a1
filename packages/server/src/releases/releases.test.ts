import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/index.js';
import { detectSpikes } from './spikes.js';

let clock = new Date('2026-11-21T12:00:00.000Z');
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ now: () => clock });
});
afterAll(() => s.close());

const json = async <T>(res: Promise<Response> | Response) => (await res).json() as Promise<T>;
const thrown = (fn: string, release: string, extra: Record<string, unknown> = {}) => ({
  exception: {
    values: [
      { type: 'Error', value: `${fn} failed`, stack: `Error: x\n    at ${fn} (/srv/app/src/${fn}.js:1:1)` },
    ],
  },
  release,
  environment: 'production',
  timestamp: clock.toISOString(),
  ...extra,
});
const postDeploy = (body: object, token?: string) =>
  token === undefined
    ? s.api(`/api/projects/${s.projectId}/deploys`, { method: 'POST', body: JSON.stringify(body) })
    : fetch(`${s.url}/api/projects/${s.projectId}/deploys`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });

describe('deploys', () => {
  it('records a deploy (times default to now) and lists them newest first, by environment', async () => {
    const res = await postDeploy({
      release: '1.0.0',
      environment: 'production',
      revision: 'abc',
      url: 'https://ci/1',
      deployer: 'ci',
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      release: '1.0.0',
      environment: 'production',
      revision: 'abc',
      deployer: 'ci',
      started_at: clock.toISOString(),
      finished_at: clock.toISOString(),
    });
    clock = new Date(clock.getTime() + 60_000);
    await postDeploy({ release: '1.0.0', environment: 'staging' });
    clock = new Date(clock.getTime() + 60_000);
    await postDeploy({
      release: '1.1.0',
      environment: 'production',
      started_at: new Date(clock.getTime() - 30_000).toISOString(),
    });
    const all = await json<{ deploys: Array<{ release: string; environment: string }> }>(
      s.api(`/api/projects/${s.projectId}/deploys`),
    );
    expect(all.deploys.map((d) => `${d.release}/${d.environment}`)).toEqual([
      '1.1.0/production',
      '1.0.0/staging',
      '1.0.0/production',
    ]);
    const staging = await json<{ deploys: unknown[] }>(
      s.api(`/api/projects/${s.projectId}/deploys?environment=staging`),
    );
    expect(staging.deploys).toHaveLength(1);
  });

  it('refuses public keys, read-only tokens and bad input', async () => {
    expect((await postDeploy({ release: '1', environment: 'p' }, s.publicKey)).status).toBe(401);
    const read = await json<{ token: string }>(
      s.api('/api/tokens', { method: 'POST', body: JSON.stringify({ name: 'r', scopes: ['project:read'] }) }),
    );
    expect((await postDeploy({ release: '1', environment: 'p' }, read.token)).status).toBe(403);
    for (const body of [
      {},
      { release: '1' },
      { release: 5, environment: 'p' },
      { release: '1', environment: 'p', started_at: 'soon' },
    ]) {
      expect((await postDeploy(body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await s.api(`/api/projects/${s.projectId}/deploys/999/health`)).status).toBe(404);
  });
});

describe('releases', () => {
  it('come from events and deploys, ordered by semver, with new and regressed issue counts', async () => {
    await s.ingest({ events: [thrown('checkout', '1.0.0'), thrown('search', '1.1.0')] });
    await s.ingest(thrown('checkout', '1.10.0'));
    const { releases } = await json<{
      releases: Array<{
        version: string;
        new_issues: number;
        event_count: number;
        deploys: Array<{ environment: string }>;
      }>;
    }>(s.api(`/api/projects/${s.projectId}/releases`));
    expect(releases.map((r) => r.version)).toEqual(['1.10.0', '1.1.0', '1.0.0']);
    const byVersion = Object.fromEntries(releases.map((r) => [r.version, r]));
    expect(byVersion['1.0.0']).toMatchObject({ new_issues: 1, event_count: 1 });
    expect(byVersion['1.1.0']).toMatchObject({ new_issues: 1 });
    expect(byVersion['1.10.0']).toMatchObject({ new_issues: 0, event_count: 1 });
    expect(byVersion['1.0.0']!.deploys.map((d) => d.environment).sort()).toEqual(['production', 'staging']);
  });

  it('resolved in release R: events of R or older do not reopen it, newer ones do (and count as a regression)', async () => {
    const { issues } = await json<{ issues: Array<{ id: number; title: string }> }>(
      s.api(`/api/projects/${s.projectId}/issues?query=search`),
    );
    const id = issues[0]!.id;
    await s.api(`/api/projects/${s.projectId}/issues/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ status: 'resolved', resolved_in: '1.2.0' }),
    });
    await s.ingest(thrown('search', '1.1.0'));
    await s.ingest(thrown('search', '1.2.0'));
    let issue = await json<{ status: string; count: number; resolved_in_release: string }>(
      s.api(`/api/projects/${s.projectId}/issues/${id}`),
    );
    expect(issue).toMatchObject({ status: 'resolved', count: 3, resolved_in_release: '1.2.0' });
    await s.ingest(thrown('search', '1.10.0'));
    issue = await json(s.api(`/api/projects/${s.projectId}/issues/${id}`));
    expect(issue).toMatchObject({ status: 'unresolved', substatus: 'regressed' });
    const { releases } = await json<{ releases: Array<{ version: string; regressed_issues: number }> }>(
      s.api(`/api/projects/${s.projectId}/releases`),
    );
    expect(releases.find((r) => r.version === '1.10.0')!.regressed_issues).toBe(1);
  });
});

describe('issue lifecycle extras', () => {
  it('auto-resolves the open issues of an environment on deploy, when the project asks for it', async () => {
    expect(
      (
        await s.api(`/api/projects/${s.projectId}`, {
          method: 'PATCH',
          body: JSON.stringify({ settings: { auto_resolve_on_deploy: 'yes' } }),
        })
      ).status,
    ).toBe(400);
    await s.api(`/api/projects/${s.projectId}`, {
      method: 'PATCH',
      body: JSON.stringify({ settings: { auto_resolve_on_deploy: true } }),
    });
    await s.ingest(thrown('staging-only', '1.0.0', { environment: 'staging' }));
    await postDeploy({ release: '2.0.0', environment: 'production' });
    const open = await json<{ issues: Array<{ title: string }> }>(
      s.api(`/api/projects/${s.projectId}/issues`),
    );
    expect(open.issues.map((i) => i.title)).toEqual(['Error: staging-only failed']);
    await s.api(`/api/projects/${s.projectId}`, {
      method: 'PATCH',
      body: JSON.stringify({ settings: { auto_resolve_on_deploy: false } }),
    });
  });

  it('merges issues: events, counts and history move to the first; later events of the merged one follow', async () => {
    await s.ingest({ events: [thrown('alpha', '2.0.0'), thrown('beta', '2.0.0'), thrown('beta', '2.0.0')] });
    const { issues } = await json<{ issues: Array<{ id: number; title: string }> }>(
      s.api(`/api/projects/${s.projectId}/issues?query=failed&status=all`),
    );
    const alpha = issues.find((i) => i.title === 'Error: alpha failed')!.id;
    const beta = issues.find((i) => i.title === 'Error: beta failed')!.id;
    const res = await s.api(`/api/projects/${s.projectId}/issues/merge`, {
      method: 'POST',
      body: JSON.stringify({ ids: [alpha, beta] }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: alpha, count: 3 });
    await s.ingest(thrown('beta', '2.0.0')); // filed under beta's hash, lands in alpha
    const merged = await json<{ count: number; history: Array<{ kind: string }> }>(
      s.api(`/api/projects/${s.projectId}/issues/${alpha}`),
    );
    expect(merged.count).toBe(4);
    expect(merged.history.map((h) => h.kind)).toContain('merged');
    const events = await json<{ events: unknown[] }>(
      s.api(`/api/projects/${s.projectId}/issues/${alpha}/events`),
    );
    expect(events.events).toHaveLength(4);
    const list = await json<{ issues: Array<{ id: number }> }>(
      s.api(`/api/projects/${s.projectId}/issues?status=all&limit=100`),
    );
    expect(list.issues.map((i) => i.id)).not.toContain(beta);
    expect(
      (
        await s.api(`/api/projects/${s.projectId}/issues/merge`, {
          method: 'POST',
          body: JSON.stringify({ ids: [alpha] }),
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await s.api(`/api/projects/${s.projectId}/issues/merge`, {
          method: 'POST',
          body: JSON.stringify({ ids: [alpha, beta] }),
        })
      ).status,
    ).toBe(400);
  });
});

describe('spikes', () => {
  it('are found against the trailing baseline, recorded once, and shown on the issue and its release', async () => {
    clock = new Date('2026-11-22T06:00:00.000Z');
    // two hours at 1 event per 10 minutes, then 40 events in ten minutes
    const base = clock.getTime() - 2 * 3_600_000;
    const quiet = Array.from({ length: 11 }, (_, i) =>
      thrown('payments', '3.0.0', { timestamp: new Date(base + i * 600_000).toISOString() }),
    );
    const burst = Array.from({ length: 40 }, (_, i) =>
      thrown('payments', '3.0.0', {
        timestamp: new Date(clock.getTime() - 9 * 60_000 + i * 10_000).toISOString(),
      }),
    );
    await s.ingest({ events: quiet });
    await s.ingest({ events: burst });
    expect(await detectSpikes(s.database.db, clock)).toBeGreaterThanOrEqual(1);
    expect(await detectSpikes(s.database.db, clock)).toBe(0); // once per window
    const { issues } = await json<{ issues: Array<{ id: number }> }>(
      s.api(`/api/projects/${s.projectId}/issues?query=payments`),
    );
    const detail = await json<{ spikes: Array<{ count: number; expected: number; environment: string }> }>(
      s.api(`/api/projects/${s.projectId}/issues/${issues[0]!.id}`),
    );
    expect(detail.spikes).toHaveLength(1);
    expect(detail).toMatchObject({ spiking: true });
    expect(detail.spikes[0]).toMatchObject({ count: 40, environment: 'production' });
    expect(detail.spikes[0]!.expected).toBeLessThan(1);
    const { releases } = await json<{ releases: Array<{ version: string; spikes: unknown[] }> }>(
      s.api(`/api/projects/${s.projectId}/releases`),
    );
    expect(releases.find((r) => r.version === '3.0.0')!.spikes.length).toBeGreaterThanOrEqual(1);

    // the list marks it spiking, and `is:spiking` finds it (and only it), for an hour
    type Listed = { issues: Array<{ id: number; title: string; spiking: boolean }> };
    const all = await json<Listed>(s.api(`/api/projects/${s.projectId}/issues?status=all`));
    expect(all.issues.filter((i) => i.spiking).map((i) => i.id)).toEqual([issues[0]!.id]);
    expect(all.issues.length).toBeGreaterThan(1);
    const found = await json<Listed>(s.api(`/api/projects/${s.projectId}/issues?query=is:spiking`));
    expect(found.issues.map((i) => i.id)).toEqual([issues[0]!.id]);
    clock = new Date(clock.getTime() + 61 * 60_000);
    const later = await json<Listed>(s.api(`/api/projects/${s.projectId}/issues?query=is:spiking`));
    expect(later.issues).toEqual([]);
    const again = await json<Listed>(s.api(`/api/projects/${s.projectId}/issues?query=payments`));
    expect(again.issues[0]).toMatchObject({ spiking: false });
  });
});

describe('suspect deploy', () => {
  it('is the deploy that shipped the release the error came from, not merely the last one', async () => {
    const step = () => (clock = new Date(clock.getTime() + 60_000));
    step();
    await postDeploy({ release: '7.0.0', environment: 'eu', revision: 'r700' });
    step();
    await postDeploy({ release: '7.1.0', environment: 'eu', revision: 'r710' });
    step();
    const eu = { environment: 'eu', timestamp: clock.toISOString() };
    await s.ingest({
      events: [
        thrown('legacyHost', '7.0.0', eu), // an old host still serving 7.0.0
        thrown('freshCode', '7.1.0', eu),
        thrown('neverDeployed', '6.0.0', eu),
      ],
    });
    const suspect = async (fn: string) => {
      const { issues } = await json<{ issues: Array<{ id: number }> }>(
        s.api(`/api/projects/${s.projectId}/issues?query=${fn}`),
      );
      const detail = await json<{ suspect_deploy: { revision: string } | null }>(
        s.api(`/api/projects/${s.projectId}/issues/${issues[0]!.id}`),
      );
      return detail.suspect_deploy?.revision ?? null;
    };
    expect(await suspect('freshCode')).toBe('r710');
    expect(await suspect('legacyHost')).toBe('r700');
    expect(await suspect('neverDeployed')).toBeNull();
  });
});

describe('deploy health', () => {
  it('counts a new issue at once, before the first minute after the deploy has ended', async () => {
    clock = new Date(Math.floor(clock.getTime() / 60_000) * 60_000 + 5 * 60_000);
    const deploy = await json<{ id: number }>(postDeploy({ release: '8.0.0', environment: 'apac' }));
    clock = new Date(clock.getTime() + 10_000);
    await s.ingest({ events: [thrown('firstMinute', '8.0.0', { environment: 'apac' })] });
    const health = await json<{
      verdict: string;
      window: { minutes: number };
      new_issues: Array<{ title: string }>;
    }>(s.api(`/api/projects/${s.projectId}/deploys/${deploy.id}/health`));
    expect(health.window.minutes).toBe(0);
    expect(health.new_issues.map((i) => i.title)).toEqual(['Error: firstMinute failed']);
    expect(health.verdict).toBe('suspect');
  });

  type Health = {
    verdict: string;
    reason: string;
    baseline: boolean;
    window: { to: string };
    new_issues: Array<{ title: string }>;
    regressed_issues: Array<{ title: string }>;
  };
  const health = (id: number) => json<Health>(s.api(`/api/projects/${s.projectId}/deploys/${id}/health`));
  const minutes = (n: number) => (clock = new Date(clock.getTime() + n * 60_000));

  it("ends a deploy's window where the next deploy to its environment starts", async () => {
    // traffic before, so that there is a baseline
    minutes(10);
    await s.ingest({ events: [thrown('steady', 'emea@1.0.0', { environment: 'emea' })] });
    minutes(30);
    const first = await json<{ id: number }>(postDeploy({ release: 'emea@1.0.0', environment: 'emea' }));
    minutes(2);
    await s.ingest({ events: [thrown('afterFirst', 'emea@1.0.0', { environment: 'emea' })] });
    minutes(3);
    const second = await json<{ id: number; finished_at: string }>(
      postDeploy({ release: 'emea@1.0.1', environment: 'emea' }),
    );
    minutes(2);
    await s.ingest({ events: [thrown('afterSecond', 'emea@1.0.1', { environment: 'emea' })] });
    minutes(1);

    const a = await health(first.id);
    expect(a.new_issues.map((i) => i.title)).toEqual(['Error: afterFirst failed']);
    expect(new Date(a.window.to).getTime()).toBeLessThanOrEqual(new Date(second.finished_at).getTime());
    const b = await health(second.id);
    expect(b.new_issues.map((i) => i.title)).toEqual(['Error: afterSecond failed']);
  });

  it('judges a first deploy, with no traffic before it, by its new issues alone, and says so', async () => {
    minutes(120);
    const deploy = await json<{ id: number }>(postDeploy({ release: 'new@1.0.0', environment: 'fresh' }));
    // a busy first two minutes: three new issues, none of them a flood on its own
    for (const fn of ['loadHome', 'loadCart', 'loadUser']) {
      await s.ingest({
        events: Array.from({ length: 8 }, () => thrown(fn, 'new@1.0.0', { environment: 'fresh' })),
      });
    }
    minutes(2);
    const h = await health(deploy.id);
    expect(h.baseline).toBe(false);
    expect(h.verdict).toBe('suspect');
    expect(h.reason).toMatch(/^no baseline \(no events in the hour before\): 3 new issues; /);
    expect(h.reason).not.toContain('error rate');
  });
});
