import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, startTestServer, type TestServer } from '../testing/index.js';
import { createQuotas, SPIKE_FACTOR } from './quotas.js';

const error = (n: number) => ({ exception: { values: [{ type: 'Error', value: `job ${n} failed` }] } });
const batch = (n: number) => ({ events: Array.from({ length: n }, (_, i) => error(i)) });

describe('quotas in memory', () => {
  it('lets a project send 10× its trailing-hour rate, then refuses as dropped', () => {
    let t = Date.UTC(2026, 11, 2, 10, 0, 0);
    const q = createQuotas({ perSecond: 0, burst: 0 }, () => t);
    const spiky = { spike_protection: true };
    // an hour at 20 events per second, in minute steps (at first over the floor: its rate grows in)
    for (let m = 0; m < 60; m++) {
      q.take(1, spiky, 20 * 60);
      t += 60_000;
    }
    // now 10× that (200/s) is allowed, with 10 s of burst: 2,000 at once pass, more is refused
    expect(q.check(1, spiky)).toBeNull();
    q.take(1, spiky, 20 * SPIKE_FACTOR * 10);
    const refused = q.check(1, spiky)!;
    expect(refused.dropped).toBe(true);
    expect(refused.message).toMatch(/spike protection/);
    // a second later, 200 events' worth came back
    t += 1000;
    expect(q.check(1, spiky)).toBeNull();
    // another project is not affected, nor this one without the setting
    expect(q.check(2, spiky)).toBeNull();
    expect(q.check(1, {})).toBeNull();
  });
});

describe('quotas over HTTP', () => {
  let clock = Date.UTC(2026, 11, 2, 10, 0, 0);
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({
      now: () => new Date(clock),
      ingest: { ...defaultConfig().ingest, instanceRateLimit: { perSecond: 100, burst: 300 } },
    });
  });
  afterAll(() => s.close());

  const usage = async (projectId: number) =>
    (await (await s.api(`/api/projects/${projectId}/usage`)).json()) as {
      rate_limited_24h: number;
      dropped_24h: number;
    };

  it("refuses past a project's own rate with 429 before reading the body", async () => {
    const set = await s.api(`/api/projects/${s.projectId}`, {
      method: 'PATCH',
      body: JSON.stringify({ settings: { rate_limit_per_second: 2 } }),
    });
    expect(set.status).toBe(200);
    expect(
      ((await set.json()) as { settings: { rate_limit_per_second: number } }).settings.rate_limit_per_second,
    ).toBe(2);
    clock += 5000; // ingest reads a project's settings with its key, cached 4 s
    expect((await s.ingest(batch(25))).status).toBe(200); // 20 s of burst: this one passes
    const refused = await s.ingest(batch(1));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toMatch(/this project takes at most 2 events per second/);
    expect((await usage(s.projectId)).rate_limited_24h).toBe(1);
    // an invalid rate is a 400, in the envelope
    const bad = await s.api(`/api/projects/${s.projectId}`, {
      method: 'PATCH',
      body: JSON.stringify({ settings: { rate_limit_per_second: -1 } }),
    });
    expect(bad.status).toBe(400);
  });

  it('drops a spike beyond 10× the usual rate when spike protection is on', async () => {
    const created = await s.api('/api/projects', { method: 'POST', body: JSON.stringify({ name: 'spiky' }) });
    const project = (await created.json()) as { id: number; public_key: string };
    await s.api(`/api/projects/${project.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ settings: { spike_protection: true } }),
    });
    const send = (n: number) =>
      s.ingest(batch(n), { projectId: project.id, headers: { 'x-faultline-key': project.public_key } });
    // a new project: the floor (10 events/s, 100 at once) applies
    expect((await send(100)).status).toBe(200);
    const refused = await send(1);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /spike protection/,
    );
    const u = await usage(project.id);
    expect(u.dropped_24h).toBe(1);
    expect(u.rate_limited_24h).toBe(0);
  });

  it('holds the whole server to FAULTLINE_INSTANCE_RATE_LIMIT', async () => {
    clock += 60_000; // buckets full again
    const other = (await (
      await s.api('/api/projects', { method: 'POST', body: JSON.stringify({ name: 'other' }) })
    ).json()) as { id: number; public_key: string };
    const send = (n: number) =>
      s.ingest(batch(n), { projectId: other.id, headers: { 'x-faultline-key': other.public_key } });
    expect((await send(100)).status).toBe(200);
    expect((await send(100)).status).toBe(200);
    expect((await send(100)).status).toBe(200);
    const refused = await send(1);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /this server takes at most 100 events per second/,
    );
  });
});
