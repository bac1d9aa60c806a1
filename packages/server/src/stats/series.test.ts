import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/index.js';

const now = new Date('2026-11-21T12:30:30.000Z');
let s: TestServer;
let issueId: number;
beforeAll(async () => {
  s = await startTestServer({ now: () => now });
  const event = (environment: string, timestamp: string) => ({
    exception: { values: [{ type: 'TimeoutError', value: 'db timed out' }] },
    environment,
    release: '1.0.0',
    timestamp,
  });
  const res = await s.ingest({
    events: [
      event('production', '2026-11-21T12:29:10.000Z'),
      event('production', '2026-11-21T12:05:00.000Z'),
      event('staging', '2026-11-21T12:29:50.000Z'),
      event('production', '2026-11-18T08:15:00.000Z'), // 3 days ago: in 7d and 30d
      event('production', '2026-11-01T10:00:00.000Z'), // 20 days ago: in 30d only
    ],
  });
  expect(res.status).toBe(200);
  const list = (await (await s.api(`/api/projects/${s.projectId}/issues?status=all`)).json()) as {
    issues: Array<{ id: number }>;
  };
  expect(list.issues).toHaveLength(1);
  issueId = list.issues[0]!.id;
});
afterAll(() => s.close());

type Series = Array<[string, number]>;
const total = (series: Series) => series.reduce((a, [, n]) => a + n, 0);
const get = async <T>(path: string) => {
  const res = await s.api(path);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as T;
};

describe('chart ranges', () => {
  it('gives a project 60 minutes, 24 hours, 168 hours or 30 days, ending now', async () => {
    const base = `/api/projects/${s.projectId}/stats`;
    const hour = (await get<{ stats: { '1h': Series } }>(`${base}?range=1h`)).stats['1h'];
    expect(hour).toHaveLength(60);
    expect(hour[59]).toEqual(['2026-11-21T12:30:00.000Z', 0]);
    expect(hour.find(([t]) => t === '2026-11-21T12:29:00.000Z')![1]).toBe(2);
    expect(hour.find(([t]) => t === '2026-11-21T12:05:00.000Z')![1]).toBe(1);
    expect(total(hour)).toBe(3);

    const week = (await get<{ stats: { '7d': Series } }>(`${base}?range=7d`)).stats['7d'];
    expect(week).toHaveLength(168);
    expect(week[167]![0]).toBe('2026-11-21T12:00:00.000Z');
    expect(week.find(([t]) => t === '2026-11-18T08:00:00.000Z')![1]).toBe(1);
    expect(total(week)).toBe(4);

    const month = (await get<{ stats: { '30d': Series } }>(`${base}?range=30d`)).stats['30d'];
    expect(month).toHaveLength(30);
    expect(month[29]).toEqual(['2026-11-21T00:00:00.000Z', 3]);
    expect(month.find(([t]) => t === '2026-11-01T00:00:00.000Z')![1]).toBe(1);
    expect(total(month)).toBe(5);

    const staging = (await get<{ stats: { '30d': Series } }>(`${base}?range=30d&environment=staging`)).stats;
    expect(total(staging['30d'])).toBe(1);
  });

  it('refuses a range it does not know, in the error envelope', async () => {
    const res = await s.api(`/api/projects/${s.projectId}/stats?range=2w`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toMatch(/range/);
    expect((await s.api(`/api/projects/${s.projectId}/issues/${issueId}?range=1y`)).status).toBe(400);
  });
});

describe('the issue page, scoped', () => {
  type Detail = {
    count: number;
    stats: Record<string, Series>;
    scope?: { environment: string; count: number };
    latest_event: { environment: string } | null;
  };
  it('keeps its 24h stats and adds the range asked for', async () => {
    const d = await get<Detail>(`/api/projects/${s.projectId}/issues/${issueId}?range=7d`);
    expect(Object.keys(d.stats).sort()).toEqual(['24h', '7d']);
    expect(total(d.stats['24h']!)).toBe(3);
    expect(total(d.stats['7d']!)).toBe(4);
    expect(d.scope).toBeUndefined();
    const minutes = await get<Detail>(`/api/projects/${s.projectId}/issues/${issueId}?range=1h`);
    expect(minutes.stats['1h']).toHaveLength(60);
    expect(total(minutes.stats['1h']!)).toBe(3);
  });

  it('scopes chart, count and latest event to one environment', async () => {
    const prod = await get<Detail>(
      `/api/projects/${s.projectId}/issues/${issueId}?range=30d&environment=production`,
    );
    expect(prod.count).toBe(5);
    expect(prod.scope).toEqual({ environment: 'production', count: 4 });
    expect(total(prod.stats['30d']!)).toBe(4);
    expect(total(prod.stats['24h']!)).toBe(2);
    expect(prod.latest_event!.environment).toBe('production');

    const staging = await get<Detail>(`/api/projects/${s.projectId}/issues/${issueId}?environment=staging`);
    expect(staging.scope).toEqual({ environment: 'staging', count: 1 });
    expect(staging.latest_event!.environment).toBe('staging');

    const none = await get<Detail>(`/api/projects/${s.projectId}/issues/${issueId}?environment=qa`);
    expect(none.scope).toEqual({ environment: 'qa', count: 0 });
    expect(none.latest_event).toBeNull();

    const events = await get<{ events: Array<{ environment: string }> }>(
      `/api/projects/${s.projectId}/issues/${issueId}/events?environment=staging`,
    );
    expect(events.events.map((e) => e.environment)).toEqual(['staging']);
  });

  it('lists the environments the project has, most recent first', async () => {
    const res = await s.api(`/api/projects/${s.projectId}/deploys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ release: '1.0.0', environment: 'canary', finished_at: now.toISOString() }),
    });
    expect(res.status).toBe(201);
    const { environments } = await get<{ environments: Array<{ name: string; last_seen: string }> }>(
      `/api/projects/${s.projectId}/environments`,
    );
    expect(environments.map((e) => e.name)).toEqual(['canary', 'production', 'staging']);
  });
});
