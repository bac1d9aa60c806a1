import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../db/rows.js';
import { startTestServer, type TestServer } from '../testing/index.js';
import { listPartitions } from './partitions.js';

const DAY = 86_400_000;
const t0 = new Date('2026-11-28T10:00:00.000Z').getTime();
let clock = t0;
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ now: () => new Date(clock), retentionDays: 3 });
});
afterAll(() => s.close());

const id = (c: string) => c.repeat(32);
const event = (eventId: string, type: string) => ({
  event_id: eventId,
  exception: {
    values: [{ type, value: `${type} happened`, stack: `${type}: x\n    at f (/srv/${type}.js:1:1)` }],
  },
  timestamp: new Date(clock).toISOString(),
});
type Issue = { id: number; title: string; count: number };
const issues = async () =>
  ((await (await s.api(`/api/projects/${s.projectId}/issues?status=all`)).json()) as { issues: Issue[] })
    .issues;
const stored = async () =>
  (
    await rowsOf<{ event_id: string; partition: string }>(
      s.database.db,
      sql`select event_id, tableoid::regclass::text as partition from events order by received_at`,
    )
  ).map((r) => `${r.event_id[0]}@${r.partition}`);

/** GET …/usage's stored counts, checked against the events themselves (the counts must stay exact). */
const usage = async () => {
  const u = (await (await s.api(`/api/projects/${s.projectId}/usage`)).json()) as {
    stored_events: number;
    stored_bytes: number;
    oldest_event_at: string | null;
    stored_by_day: Array<[string, number]>;
  };
  const [real] = await rowsOf<{ n: string; bytes: string | null; oldest: Date | string | null }>(
    s.database.db,
    sql`select count(*) as n, sum(octet_length(data::text)) as bytes, min(received_at) as oldest from events`,
  );
  expect(u.stored_events).toBe(Number(real!.n));
  expect(u.stored_bytes).toBe(Number(real!.bytes ?? 0));
  expect(u.oldest_event_at).toBe(real!.oldest ? new Date(real!.oldest).toISOString() : null);
  return u;
};

describe('retention by age', () => {
  it('keeps day partitions ahead, across a month boundary', async () => {
    // an event before any partition exists lands in events_default
    expect((await s.ingest(event(id('a'), 'AncientError'))).status).toBe(200);
    await s.retention.runOnce({ force: true });
    const names = (await listPartitions(s.database.db)).map((p) => p.name);
    // today's partition cannot be made: events_default already holds a row of today
    expect(names).toEqual([
      'events_p20261129',
      'events_p20261130',
      'events_p20261201',
      'events_p20261202',
      'events_p20261203',
      'events_p20261204',
      'events_p20261205',
    ]);
    expect(await stored()).toEqual(['a@events_default']);
  });

  it('stores a retried event once, even days and partitions later', async () => {
    clock = t0 + 1 * DAY;
    expect((await s.ingest(event(id('b'), 'OldError'))).status).toBe(200);
    clock = t0 + 2 * DAY;
    expect((await s.ingest(event(id('c'), 'NewError'))).status).toBe(200);
    const retry = await s.ingest(event(id('b'), 'OldError'));
    expect(retry.status).toBe(200);
    expect(await stored()).toEqual(['a@events_default', 'b@events_p20261129', 'c@events_p20261130']);
    const u = await usage();
    expect(u.stored_events).toBe(3);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toContain(`faultline_stored_events{project="${s.projectId}"} 3\n`);
    expect(u.stored_by_day.map(([day, n]) => [day.slice(0, 10), n])).toEqual([
      ['2026-11-28', 1],
      ['2026-11-29', 1],
      ['2026-11-30', 1],
    ]);
    expect((await issues()).find((i) => i.title.startsWith('OldError'))!.count).toBe(1);
  });

  it('drops whole days past retention, and issues with nothing left; counts stay exact', async () => {
    clock = t0 + 4 * DAY + 3_600_000; // 2026-12-02T11:00: three days back is 2026-11-29T11:00
    const result = (await s.retention.runOnce({ force: true }))!;
    expect(result.droppedPartitions).toEqual([]); // 11-29 ends after the cutoff
    // events_default's old row goes row by row; its issue goes with it
    expect(result.deletedEvents).toBe(1);
    expect(await stored()).toEqual(['b@events_p20261129', 'c@events_p20261130']);
    expect((await usage()).stored_events).toBe(2);
    expect((await issues()).map((i) => i.title.split(':')[0]).sort()).toEqual(['NewError', 'OldError']);

    clock = t0 + 5 * DAY; // 2026-12-03T10:00: the 11-29 partition ends before 11-30T10:00
    const next = (await s.retention.runOnce({ force: true }))!;
    expect(next.droppedPartitions).toEqual(['events_p20261129']);
    expect(next.deletedIssues).toBe(1);
    expect(await stored()).toEqual(['c@events_p20261130']);
    expect((await usage()).stored_events).toBe(1);
    const left = await issues();
    expect(left.map((i) => [i.title.split(':')[0], i.count])).toEqual([['NewError', 1]]);
    // the API never shows an event that is gone
    const gone = await s.api(`/api/projects/${s.projectId}/events/${id('b')}`);
    expect(gone.status).toBe(404);
    // and the same fingerprint later makes a new issue rather than feeding the removed one
    expect((await s.ingest(event(id('d'), 'OldError'))).status).toBe(200);
    const back = (await issues()).find((i) => i.title.startsWith('OldError'))!;
    expect(back.count).toBe(1);
    expect(await stored()).toContain('d@events_p20261203');
    expect((await usage()).stored_events).toBe(2);
  });

  it('keeps fewer days for a project that asks, row by row', async () => {
    const bad = await s.api(`/api/projects/${s.projectId}`, {
      method: 'PATCH',
      body: JSON.stringify({ retention_days: 0 }),
    });
    expect(bad.status).toBe(400);
    const res = await s.api(`/api/projects/${s.projectId}`, {
      method: 'PATCH',
      body: JSON.stringify({ retention_days: 1 }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { retention_days: number }).retention_days).toBe(1);
    clock = t0 + 5 * DAY + 3_600_000;
    const result = (await s.retention.runOnce({ force: true }))!;
    expect(result.deletedEvents).toBe(1); // c, from 11-30; d (12-03) stays
    expect(await stored()).toEqual(['d@events_p20261203']);
    expect((await usage()).stored_by_day.map(([day, n]) => [day.slice(0, 10), n])).toEqual([
      ['2026-12-03', 1],
    ]);
    const reset = await s.api(`/api/projects/${s.projectId}`, {
      method: 'PATCH',
      body: JSON.stringify({ retention_days: null }),
    });
    expect(((await reset.json()) as { retention_days: number }).retention_days).toBe(3);
  });

  it('runs once per hour however many ask at once', async () => {
    clock = t0 + 6 * DAY;
    const runs = await Promise.all([s.retention.runOnce(), s.retention.runOnce(), s.retention.runOnce()]);
    expect(runs.filter((r) => r !== null)).toHaveLength(1);
    clock += 30 * 60_000;
    expect(await s.retention.runOnce()).toBeNull();
    clock += 31 * 60_000;
    expect(await s.retention.runOnce()).not.toBeNull();
  });

  it('removes a project being deleted while its days are dropped, without errors or leftovers', async () => {
    const created = await s.api('/api/projects', {
      method: 'POST',
      body: JSON.stringify({ name: 'doomed' }),
    });
    const doomed = (await created.json()) as { id: number; public_key: string };
    clock = t0 + 6 * DAY + 2 * 3_600_000;
    const send = () =>
      s.ingest(
        { events: Array.from({ length: 50 }, (_, i) => event(`${i}`.padStart(32, 'e'), 'DoomedError')) },
        { projectId: doomed.id, headers: { 'x-faultline-key': doomed.public_key } },
      );
    expect((await send()).status).toBe(200);
    expect((await s.api(`/api/projects/${doomed.id}`, { method: 'DELETE' })).status).toBe(204);
    // its rows go in the background while a pass drops days: both finish, nothing of it is left
    clock = t0 + 12 * DAY;
    await Promise.all([s.purger.drain(), s.retention.runOnce({ force: true })]);
    await s.purger.drain();
    const [left] = await rowsOf<{ events: string; ids: string; storage: string }>(
      s.database.db,
      sql`select (select count(*) from events where project_id = ${doomed.id}) as events,
                 (select count(*) from event_ids where project_id = ${doomed.id}) as ids,
                 (select count(*) from storage_daily where project_id = ${doomed.id}) as storage`,
    );
    expect([Number(left!.events), Number(left!.ids), Number(left!.storage)]).toEqual([0, 0, 0]);
    // the project that stays keeps its counts exact
    await usage();
  });
});
