import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/index.js';

let s: TestServer;
let now = new Date('2026-11-22T10:30:00.000Z');
beforeAll(async () => {
  s = await startTestServer({ now: () => now });
});
afterAll(() => s.close());

interface Issue {
  id: number;
  title: string;
  culprit: string;
  status: string;
  substatus: string | null;
  count: number;
  user_count: number;
  first_release: string | null;
  last_release: string | null;
  first_seen: string;
  last_seen: string;
}

const thrown = (fn: string, value: string, extra: Record<string, unknown> = {}) => ({
  exception: {
    values: [{ type: 'Error', value, stack: `Error: ${value}\n    at ${fn} (/app/src/${fn}.js:3:9)` }],
  },
  environment: 'production',
  ...extra,
});
const json = async <T>(res: Response | Promise<Response>): Promise<T> => (await res).json() as Promise<T>;
const list = (q = '') =>
  json<{ issues: Issue[]; next_cursor: string | null }>(s.api(`/api/projects/${s.projectId}/issues${q}`));
const byTitle = async (title: string) =>
  (await list('?status=all&limit=100')).issues.find((i) => i.title === title)!;

describe('issues API', () => {
  beforeAll(async () => {
    const events = [
      thrown('checkout', 'Payment 1 declined', {
        release: '1.0.0',
        user: { id: 'u1' },
        timestamp: '2026-11-22T09:00:00Z',
      }),
      thrown('checkout', 'Payment 2 declined', {
        release: '1.0.1',
        user: { id: 'u2' },
        timestamp: '2026-11-22T10:00:00Z',
      }),
      thrown('checkout', 'Payment 3 declined', {
        release: '1.0.1',
        user: { id: 'u1' },
        timestamp: '2026-11-22T10:10:00Z',
      }),
      thrown('search', 'Index offline', {
        release: '1.0.1',
        environment: 'staging',
        timestamp: '2026-11-22T08:00:00Z',
      }),
      {
        message: 'Cache warmed in 31 ms',
        level: 'info',
        release: '1.0.1',
        timestamp: '2026-11-22T07:00:00Z',
      },
    ];
    expect((await s.ingest({ events })).status).toBe(200);
  });

  it('lists unresolved issues, grouped, newest first, with counters', async () => {
    const { issues } = await list();
    expect(issues.map((i) => i.title)).toEqual([
      'Error: Payment 1 declined',
      'Error: Index offline',
      'Cache warmed in 31 ms',
    ]);
    expect(issues[0]).toMatchObject({
      count: 3,
      user_count: 2,
      culprit: 'src/checkout.js in checkout',
      status: 'unresolved',
      substatus: 'new',
      first_release: '1.0.0',
      last_release: '1.0.1',
      first_seen: '2026-11-22T09:00:00.000Z',
      last_seen: '2026-11-22T10:10:00.000Z',
    });
  });

  it('sorts, filters and searches', async () => {
    expect((await list('?sort=count')).issues[0]!.count).toBe(3);
    expect((await list('?sort=first_seen')).issues[0]!.title).toBe('Error: Payment 1 declined');
    expect((await list('?environment=staging')).issues.map((i) => i.title)).toEqual(['Error: Index offline']);
    expect((await list('?release=1.0.0')).issues.map((i) => i.title)).toEqual(['Error: Payment 1 declined']);
    expect((await list('?query=env:staging')).issues).toHaveLength(1);
    expect((await list('?query=release:1.0.0%20payment')).issues).toHaveLength(1);
    expect((await list('?query=cache')).issues.map((i) => i.title)).toEqual(['Cache warmed in 31 ms']);
    expect((await list('?query=checkout.js')).issues).toHaveLength(1);
    expect((await list('?query=100%25')).issues).toHaveLength(0);
    expect((await s.api(`/api/projects/${s.projectId}/issues?sort=weird`)).status).toBe(400);
    expect((await s.api(`/api/projects/${s.projectId}/issues?status=open`)).status).toBe(400);
    expect((await s.api(`/api/projects/${s.projectId}/issues?cursor=garbage`)).status).toBe(400);
  });

  it('pages with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { issues: Issue[]; next_cursor: string | null } = await list(
        `?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.issues.map((i) => i.title));
      cursor = page.next_cursor;
    }
    expect(seen).toEqual((await list()).issues.map((i) => i.title));
  });

  it('returns the detail: 24h stats, tags, latest event and grouping', async () => {
    const issue = await byTitle('Error: Payment 1 declined');
    const detail = await json<{
      stats: { '24h': Array<[string, number]> };
      tags: Record<string, Array<[string, number]>>;
      latest_event: {
        event_id: string;
        message: string | null;
        exception: { values: Array<{ stacktrace: { frames: unknown[] } }> };
      };
      grouping: { method: string; exceptions: Array<{ template: string }> };
    }>(s.api(`/api/projects/${s.projectId}/issues/${issue.id}`));
    expect(detail.stats['24h']).toHaveLength(24);
    expect(detail.stats['24h'].slice(-2)).toEqual([
      ['2026-11-22T09:00:00.000Z', 1],
      ['2026-11-22T10:00:00.000Z', 2],
    ]);
    expect(detail.tags.release).toEqual([
      ['1.0.1', 2],
      ['1.0.0', 1],
    ]);
    expect(detail.tags.environment).toEqual([['production', 3]]);
    expect(detail.grouping).toMatchObject({
      method: 'exception',
      exceptions: [{ template: 'Payment {int} declined' }],
    });
    expect(detail.latest_event.exception.values[0]!.stacktrace.frames).toHaveLength(1);

    const events = await json<{ events: Array<{ event_id: string; message: string; release: string }> }>(
      s.api(`/api/projects/${s.projectId}/issues/${issue.id}/events?limit=2`),
    );
    expect(events.events.map((e) => e.message)).toEqual([
      'Error: Payment 3 declined',
      'Error: Payment 2 declined',
    ]);
    expect(events.events[0]!.event_id).toBe(detail.latest_event.event_id);
  });

  it('resolves, and a new event makes the issue regressed', async () => {
    const issue = await byTitle('Error: Index offline');
    const res = await s.api(`/api/projects/${s.projectId}/issues/${issue.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ status: 'resolved' }),
    });
    expect(await json<Issue>(res)).toMatchObject({ status: 'resolved', substatus: null });
    expect((await list()).issues.map((i) => i.id)).not.toContain(issue.id);
    expect((await list('?status=resolved')).issues.map((i) => i.id)).toEqual([issue.id]);

    await s.ingest(thrown('search', 'Index offline', { release: '1.0.2', environment: 'staging' }));
    expect(await byTitle('Error: Index offline')).toMatchObject({
      status: 'unresolved',
      substatus: 'regressed',
      count: 2,
    });
    expect((await list('?query=is:regressed')).issues.map((i) => i.id)).toEqual([issue.id]);
  });

  it('resolved in next release: events of the releases seen so far do not reopen it', async () => {
    const issue = await byTitle('Error: Payment 1 declined');
    await s.api(`/api/projects/${s.projectId}/issues/${issue.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ status: 'resolved', resolved_in: 'next_release' }),
    });
    await s.ingest(thrown('checkout', 'Payment 9 declined', { release: '1.0.1' }));
    expect(await byTitle('Error: Payment 1 declined')).toMatchObject({ status: 'resolved', count: 4 });
    // 1.0.2 was already out (in staging) when it was resolved: the fix comes after it
    await s.ingest(thrown('checkout', 'Payment 10 declined', { release: '1.0.2' }));
    expect(await byTitle('Error: Payment 1 declined')).toMatchObject({ status: 'resolved', count: 5 });
    await s.ingest(thrown('checkout', 'Payment 11 declined', { release: '1.0.3' }));
    expect(await byTitle('Error: Payment 1 declined')).toMatchObject({
      status: 'unresolved',
      substatus: 'regressed',
      count: 6,
    });
  });

  it('ignores until a count is reached, then reopens', async () => {
    const issue = await byTitle('Cache warmed in 31 ms');
    const res = await s.api(`/api/projects/${s.projectId}/issues/${issue.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ ignore_count: 2 }),
    });
    expect(await json<Issue>(res)).toMatchObject({ status: 'ignored', ignore_until_count: 3 });
    await s.ingest({ message: 'Cache warmed in 40 ms', level: 'info' });
    expect((await byTitle('Cache warmed in 31 ms')).status).toBe('ignored');
    await s.ingest({ message: 'Cache warmed in 12 ms', level: 'info' });
    expect(await byTitle('Cache warmed in 31 ms')).toMatchObject({
      status: 'unresolved',
      substatus: 'ongoing',
    });
  });

  it('ignores until a time', async () => {
    const issue = await byTitle('Cache warmed in 31 ms');
    const until = new Date(now.getTime() + 3_600_000).toISOString();
    await s.api(`/api/projects/${s.projectId}/issues/${issue.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ status: 'ignored', ignore_until: until }),
    });
    await s.ingest({ message: 'Cache warmed in 1 ms', level: 'info', timestamp: now.toISOString() });
    expect((await byTitle('Cache warmed in 31 ms')).status).toBe('ignored');
    now = new Date(now.getTime() + 2 * 3_600_000);
    await s.ingest({ message: 'Cache warmed in 2 ms', level: 'info', timestamp: now.toISOString() });
    expect((await byTitle('Cache warmed in 31 ms')).status).toBe('unresolved');
  });

  it('updates in bulk, assigns, and refuses bad updates', async () => {
    const ids = (await list()).issues.map((i) => i.id);
    const res = await s.api(`/api/projects/${s.projectId}/issues`, {
      method: 'PATCH',
      body: JSON.stringify({ ids, status: 'resolved' }),
    });
    expect(res.status).toBe(200);
    expect((await json<{ issues: Issue[] }>(res)).issues.every((i) => i.status === 'resolved')).toBe(true);
    expect((await list()).issues).toHaveLength(0);

    const id = ids[0]!;
    const path = `/api/projects/${s.projectId}/issues/${id}`;
    const assigned = await json<{ assignee: string }>(
      s.api(path, { method: 'PATCH', body: JSON.stringify({ assignee: 'ADMIN@example.com' }) }),
    );
    expect(assigned.assignee).toBe('admin@example.com');
    for (const body of [
      { status: 'closed' },
      {},
      { assignee: 'nobody@example.com' },
      { ignore_count: -1 },
      { status: 'ignored', ignore_until: '2000-01-01T00:00:00Z' },
    ]) {
      const bad = await s.api(path, { method: 'PATCH', body: JSON.stringify(body) });
      expect(bad.status, JSON.stringify(body)).toBe(400);
    }
    for (const ids of ['x', [], [0], [2 ** 40], [1.5]]) {
      const body = JSON.stringify({ ids, status: 'resolved' });
      const res = await s.api(`/api/projects/${s.projectId}/issues`, { method: 'PATCH', body });
      expect(res.status, body).toBe(400);
    }
  });

  it('answers 404 for unknown issues, events and projects', async () => {
    expect((await s.api(`/api/projects/${s.projectId}/issues/999999`)).status).toBe(404);
    expect((await s.api(`/api/projects/${s.projectId}/issues/abc`)).status).toBe(404);
    expect((await s.api(`/api/projects/${s.projectId}/issues/99999999999`)).status).toBe(404);
    expect((await s.api(`/api/projects/${s.projectId}/events/${'0'.repeat(32)}`)).status).toBe(404);
    expect((await s.api('/api/projects/424242/issues')).status).toBe(404);
  });
});
