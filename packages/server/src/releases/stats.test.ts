import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/index.js';

const now = new Date('2026-11-21T12:30:00.000Z');
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ now: () => now });
});
afterAll(() => s.close());

const event = (environment: string, at: string) => ({
  message: 'checkout slow',
  level: 'warning',
  environment,
  release: '1.0.0',
  timestamp: at,
});
type Stats = { stats: { '24h': Array<[string, number]> } };

describe('GET /api/projects/{id}/stats', () => {
  it('counts a project’s events per hour over 24 hours, for one environment or all', async () => {
    const res = await s.ingest({
      events: [
        event('production', '2026-11-21T12:05:00.000Z'),
        event('production', '2026-11-21T12:29:00.000Z'),
        event('production', '2026-11-21T09:59:59.000Z'),
        event('staging', '2026-11-21T12:10:00.000Z'),
        event('production', '2026-11-20T11:00:00.000Z'), // older than the window
      ],
    });
    expect(res.status).toBe(200);

    const all = (await (await s.api(`/api/projects/${s.projectId}/stats`)).json()) as Stats;
    const series = all.stats['24h'];
    expect(series).toHaveLength(24);
    expect(series[0]![0]).toBe('2026-11-20T13:00:00.000Z');
    expect(series[23]).toEqual(['2026-11-21T12:00:00.000Z', 3]);
    expect(series.find(([t]) => t === '2026-11-21T09:00:00.000Z')![1]).toBe(1);
    expect(series.reduce((a, [, n]) => a + n, 0)).toBe(4);

    const staging = (await (
      await s.api(`/api/projects/${s.projectId}/stats?environment=staging`)
    ).json()) as Stats;
    expect(staging.stats['24h'].reduce((a, [, n]) => a + n, 0)).toBe(1);
    expect(staging.stats['24h'][23]![1]).toBe(1);
  });

  it('needs a session or token that may read the project', async () => {
    const anonymous = await fetch(`${s.url}/api/projects/${s.projectId}/stats`);
    expect(anonymous.status).toBe(401);
    const publicKey = await fetch(`${s.url}/api/projects/${s.projectId}/stats`, {
      headers: { authorization: `Bearer ${s.publicKey}` },
    });
    expect(publicKey.status).toBe(401);
    expect(((await publicKey.json()) as { error: { code: string } }).error.code).toBeTruthy();
    const missing = await s.api('/api/projects/99999/stats');
    expect(missing.status).toBe(404);
  });
});
