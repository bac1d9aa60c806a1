import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../db/rows.js';
import { startTestServer, type TestServer } from '../testing/index.js';

const now = new Date('2026-11-21T12:00:00.000Z');
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ now: () => now });
});
afterAll(() => s.close());

const MIN = 60_000;
const id = (issue: string, n: number) =>
  `${issue.toLowerCase().charCodeAt(0).toString(16)}${String(n).padStart(30, '0')}`;
/** event n of an issue, n minutes after the first of it (so "first" and "latest" are well defined) */
const event = (issue: string, n: number, release = '1.0.0') => ({
  event_id: id(issue, n),
  exception: { values: [{ type: `${issue}Error`, value: 'broke' }] },
  release,
  timestamp: new Date(now.getTime() - 60 * MIN + n * MIN).toISOString(),
});
const kept = async (issue: string) =>
  (
    await rowsOf<{ event_id: string }>(
      s.database.db,
      sql`select event_id from events where event_id like ${`${issue.toLowerCase().charCodeAt(0).toString(16)}%`} order by timestamp`,
    )
  ).map((r) => Number(r.event_id.slice(2)));

describe('max_events', () => {
  it('evicts down to 90 % of the cap, keeping first, regression, latest and a log-spaced sample', async () => {
    const base = `/api/projects/${s.projectId}`;
    const send = async (events: unknown[]) => expect((await s.ingest({ events })).status).toBe(200);
    await send(Array.from({ length: 30 }, (_, n) => event('A', n)));
    await send(Array.from({ length: 5 }, (_, n) => event('B', n)));
    await send([event('C', 0)]);
    // D: two events, resolved, back in 2.0.0 (a regression), then twelve more
    await send([event('D', 0), event('D', 1)]);
    const list = async () =>
      (
        (await (await s.api(`${base}/issues?status=all`)).json()) as {
          issues: Array<{ id: number; title: string; count: number }>;
        }
      ).issues;
    const d = (await list()).find((i) => i.title.startsWith('DError'))!;
    expect(
      (
        await s.api(`${base}/issues/${d.id}`, {
          method: 'PATCH',
          body: JSON.stringify({ status: 'resolved' }),
        })
      ).status,
    ).toBe(200);
    await send([event('D', 2, '2.0.0')]);
    await send(Array.from({ length: 12 }, (_, n) => event('D', n + 3, '2.0.0')));

    const patch = await s.api(base, { method: 'PATCH', body: JSON.stringify({ max_events: 20 }) });
    expect(patch.status).toBe(200);
    expect(((await patch.json()) as { max_events: number }).max_events).toBe(20);
    expect((await s.api(base, { method: 'PATCH', body: JSON.stringify({ max_events: 5 }) })).status).toBe(
      400,
    );

    const result = (await s.retention.runOnce({ force: true }))!;
    // A offers 18 (all but its first, 10 latest, and 15: the oldest 7-14 minutes before its latest),
    // D 3 (its regression stays): 21 of
    // the 33 needed for 18; the rest is kept on purpose, even over the cap
    expect(result.evictedEvents).toBe(21);
    expect(await kept('A')).toEqual([0, 15, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
    expect(await kept('B')).toEqual([0, 1, 2, 3, 4]);
    expect(await kept('C')).toEqual([0]);
    expect(await kept('D')).toEqual([0, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);

    // counts come from counters: unchanged; the storage counts match what is left
    const counts = Object.fromEntries((await list()).map((i) => [i.title.slice(0, 1), i.count]));
    expect(counts).toEqual({ A: 30, B: 5, C: 1, D: 15 });
    const usage = (await (await s.api(`${base}/usage`)).json()) as { stored_events: number };
    expect(usage.stored_events).toBe(30);
    // nothing left to evict: a second pass removes nothing
    expect((await s.retention.runOnce({ force: true }))!.evictedEvents).toBe(0);
  });
});
