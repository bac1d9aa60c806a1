// Every transition of issues/lifecycle.ts: what it writes (unit), and how the issue then behaves when
// events arrive, through the real API and writer (on PGlite, and on PostgreSQL in the second pass).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/index.js';
import { applyChange, shownSubstatus, transitions, type IssueSet } from './lifecycle.js';

const NOW = new Date('2026-11-30T12:00:00.000Z');
// the columns that belong to "resolved" and "ignored": every transition decides each of them
const STATE = [
  'resolvedAt',
  'resolvedInRelease',
  'resolvedBeforeRelease',
  'holdReleaseKey',
  'ignoreUntil',
  'ignoreUntilCount',
] as const;

describe('transitions (what each one writes)', () => {
  const all: Array<[string, IssueSet]> = [
    ['resolve', transitions.resolve(NOW)],
    ['resolveInRelease', transitions.resolveInRelease(NOW, '2.0.0')],
    ['resolveInNextRelease', transitions.resolveInNextRelease(NOW, '1.4.0')],
    ['ignore', transitions.ignore(new Date('2027-01-01'))],
    ['unresolve', transitions.unresolve()],
    ['autoResolveOnDeploy', transitions.autoResolveOnDeploy(NOW)],
    ['merge', transitions.merge(7)],
  ];

  it.each(all)('%s sets status and substatus and decides every resolved/ignored column', (_, set) => {
    expect(set.status).toBeDefined();
    expect(set).toHaveProperty('substatus');
    for (const column of STATE) expect(set).toHaveProperty(column);
  });

  it('only an unresolved issue has a substatus', () => {
    for (const [, set] of all) expect(set.substatus === null).toBe(set.status !== 'unresolved');
  });

  it('resolve in a release keeps the release and its sortable key; resolve clears both', () => {
    const inRelease = transitions.resolveInRelease(NOW, '2.0.0');
    expect(inRelease).toMatchObject({ status: 'resolved', resolvedInRelease: '2.0.0', resolvedAt: NOW });
    expect(inRelease.holdReleaseKey).toEqual(expect.any(String));
    expect(transitions.resolve(NOW)).toMatchObject({ resolvedInRelease: null, holdReleaseKey: null });
    expect(transitions.resolveInNextRelease(NOW, '1.4.0')).toMatchObject({ resolvedBeforeRelease: '1.4.0' });
  });

  it('applyChange picks the transition and the history entry', () => {
    expect(applyChange({ status: 'resolved', inNextRelease: true }, NOW, '3.1.0')).toMatchObject({
      kind: 'resolved',
      set: { resolvedBeforeRelease: '3.1.0' },
    });
    expect(applyChange({ status: 'ignored' }, NOW, null)).toMatchObject({
      kind: 'ignored',
      set: { status: 'ignored', ignoreUntil: null, ignoreUntilCount: null },
    });
    expect(applyChange({ status: 'unresolved' }, NOW, null)).toMatchObject({
      kind: 'unresolved',
      set: { status: 'unresolved', substatus: 'ongoing' },
    });
  });

  it('"new" lasts 7 days and is shown only while unresolved', () => {
    const firstSeen = new Date(NOW.getTime() - 6 * 86_400_000);
    expect(shownSubstatus({ status: 'unresolved', substatus: 'new', firstSeen }, NOW)).toBe('new');
    const later = new Date(NOW.getTime() + 2 * 86_400_000);
    expect(shownSubstatus({ status: 'unresolved', substatus: 'new', firstSeen }, later)).toBe('ongoing');
    expect(shownSubstatus({ status: 'resolved', substatus: 'regressed', firstSeen }, NOW)).toBeNull();
  });
});

interface Issue {
  id: number;
  status: string;
  substatus: string | null;
  count: number;
  resolved_at: string | null;
  resolved_in_release: string | null;
  resolved_in_next_release: boolean;
  ignore_until: string | null;
  ignore_until_count: number | null;
  merged_into: number | null;
}

describe('transitions on a real issue', () => {
  let clock = new Date(NOW);
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ now: () => clock });
  });
  afterAll(() => s.close());

  const tick = (ms = 60_000) => (clock = new Date(clock.getTime() + ms));

  /** One event thrown in `fn` (one issue per fn), a minute after the previous one. */
  async function send(fn: string, release = '1.0.0', environment = 'production'): Promise<Issue> {
    tick();
    const res = await s.ingest({
      exception: {
        values: [
          { type: 'Error', value: `${fn} broke`, stack: `Error: x\n    at ${fn} (/app/src/${fn}.js:3:7)` },
        ],
      },
      release,
      environment,
      timestamp: clock.toISOString(),
    });
    expect(res.status).toBe(200);
    return find(fn);
  }
  async function find(fn: string): Promise<Issue> {
    const res = await s.api(`/api/projects/${s.projectId}/issues?status=all&query=${fn}`);
    const { issues } = (await res.json()) as { issues: Issue[] };
    expect(issues).toHaveLength(1);
    return issues[0]!;
  }
  async function patch(issue: Issue, body: object): Promise<Issue> {
    const res = await s.api(`/api/projects/${s.projectId}/issues/${issue.id}`, {
      method: 'PATCH',
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Issue;
  }
  async function history(issue: Issue): Promise<string[]> {
    const res = await s.api(`/api/projects/${s.projectId}/issues/${issue.id}`);
    const { history } = (await res.json()) as { history: Array<{ kind: string }> };
    return history.map((h) => h.kind);
  }

  it('resolve: the next event, from any release, is a regression', async () => {
    const issue = await send('resolvePlain');
    const resolved = await patch(issue, { status: 'resolved' });
    expect(resolved).toMatchObject({ status: 'resolved', substatus: null, resolved_at: clock.toISOString() });
    expect(await send('resolvePlain', '0.9.0')).toMatchObject({
      status: 'unresolved',
      substatus: 'regressed',
      resolved_at: null,
    });
    expect(await history(issue)).toEqual(expect.arrayContaining(['resolved', 'regressed']));
  });

  it('resolve in a release: that release and older ones hold it, a newer one reopens it', async () => {
    const issue = await send('resolveIn', '1.0.0');
    expect(await patch(issue, { status: 'resolved', resolved_in: '2.0.0' })).toMatchObject({
      resolved_in_release: '2.0.0',
    });
    expect(await send('resolveIn', '1.5.0')).toMatchObject({ status: 'resolved' });
    expect(await send('resolveIn', '2.0.0')).toMatchObject({ status: 'resolved' });
    expect(await send('resolveIn', '2.0.1')).toMatchObject({
      status: 'unresolved',
      substatus: 'regressed',
      resolved_in_release: null,
    });
  });

  it('ignore until a time: events before it keep the issue ignored, the first one after reopens it', async () => {
    const issue = await send('ignoreUntil');
    const until = new Date(clock.getTime() + 10 * 60_000).toISOString();
    expect(await patch(issue, { ignore_until: until })).toMatchObject({
      status: 'ignored',
      ignore_until: until,
    });
    expect(await send('ignoreUntil')).toMatchObject({ status: 'ignored' });
    tick(10 * 60_000);
    expect(await send('ignoreUntil')).toMatchObject({
      status: 'unresolved',
      substatus: 'ongoing',
      ignore_until: null,
    });
    expect(await history(issue)).toContain('reopened');
  });

  it('ignore for N more events: the Nth reopens it', async () => {
    const issue = await send('ignoreCount');
    expect(await patch(issue, { status: 'ignored', ignore_count: 3 })).toMatchObject({
      status: 'ignored',
      ignore_until_count: issue.count + 3,
    });
    expect(await send('ignoreCount')).toMatchObject({ status: 'ignored' });
    expect(await send('ignoreCount')).toMatchObject({ status: 'ignored' });
    expect(await send('ignoreCount')).toMatchObject({ status: 'unresolved', ignore_until_count: null });
  });

  it('ignore for good: no number of events reopens it', async () => {
    const issue = await send('ignoreForever');
    await patch(issue, { status: 'ignored' });
    for (let i = 0; i < 5; i++) expect(await send('ignoreForever')).toMatchObject({ status: 'ignored' });
  });

  it('a status change clears what the previous status left behind', async () => {
    const issue = await send('switching');
    await patch(issue, { status: 'ignored', ignore_count: 100 });
    expect(await patch(issue, { status: 'resolved', resolved_in: '9.0.0' })).toMatchObject({
      status: 'resolved',
      ignore_until_count: null,
      resolved_in_release: '9.0.0',
    });
    expect(await patch(issue, { status: 'unresolved' })).toMatchObject({
      status: 'unresolved',
      substatus: 'ongoing',
      resolved_at: null,
      resolved_in_release: null,
      resolved_in_next_release: false,
    });
  });

  it('auto-resolve on deploy: resolves what is open in that environment only; an event reopens it', async () => {
    const prod = await send('autoProd', '1.0.0', 'production');
    const staging = await send('autoStaging', '1.0.0', 'staging');
    const settings = await s.api(`/api/projects/${s.projectId}`, {
      method: 'PATCH',
      body: JSON.stringify({ settings: { auto_resolve_on_deploy: true } }),
    });
    expect(settings.status).toBe(200);
    tick();
    const deploy = await s.api(`/api/projects/${s.projectId}/deploys`, {
      method: 'POST',
      body: JSON.stringify({ release: '1.1.0', environment: 'production' }),
    });
    expect(deploy.status).toBe(201);
    expect(await find('autoProd')).toMatchObject({ status: 'resolved', substatus: null });
    expect(await find('autoStaging')).toMatchObject({ status: 'unresolved' });
    expect(await send('autoProd', '1.1.0')).toMatchObject({ status: 'unresolved', substatus: 'regressed' });
    expect(await history(prod)).toEqual(expect.arrayContaining(['resolved', 'regressed']));
    expect(staging.status).toBe('unresolved');
    await s.api(`/api/projects/${s.projectId}`, {
      method: 'PATCH',
      body: JSON.stringify({ settings: { auto_resolve_on_deploy: false } }),
    });
  });

  it('merge: the merged issue leaves the lists and its next events count in the one kept', async () => {
    const keep = await send('mergeKeep');
    const gone = await send('mergeGone');
    const res = await s.api(`/api/projects/${s.projectId}/issues/merge`, {
      method: 'POST',
      body: JSON.stringify({ ids: [keep.id, gone.id] }),
    });
    expect(res.status).toBe(200);
    const list = await s.api(`/api/projects/${s.projectId}/issues?status=all&query=mergeGone`);
    expect(((await list.json()) as { issues: Issue[] }).issues).toHaveLength(0);
    const before = await find('mergeKeep');
    tick();
    await s.ingest({
      exception: {
        values: [
          {
            type: 'Error',
            value: 'mergeGone broke',
            stack: 'Error: x\n    at mergeGone (/app/src/mergeGone.js:3:7)',
          },
        ],
      },
      release: '1.0.0',
      environment: 'production',
      timestamp: clock.toISOString(),
    });
    expect((await find('mergeKeep')).count).toBe(before.count + 1);
    const patched = await s.api(`/api/projects/${s.projectId}/issues/${gone.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ status: 'resolved' }),
    });
    expect(patched.status).toBe(409);
  });

  it('refuses contradictory changes with a 400 that names the field', async () => {
    const issue = await send('contradictions');
    for (const [body, message] of [
      [{ status: 'unresolved', ignore_count: 5 }, /need "status": "ignored"/],
      [{ resolved_in: '1.0.0' }, /resolved_in needs "status": "resolved"/],
      [{ status: 'ignored', ignore_until: '2020-01-01T00:00:00Z' }, /in the future/],
      [{ status: 'ignored', ignore_count: 0 }, /^ignore_count: /],
      [{ status: 'done' }, /^status: must be one of/],
      [{}, /nothing to change/],
    ] as const) {
      const res = await s.api(`/api/projects/${s.projectId}/issues/${issue.id}`, {
        method: 'PATCH',
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('bad_request');
      expect(error.message).toMatch(message);
    }
    expect(await find('contradictions')).toMatchObject({ status: 'unresolved' });
  });
});
