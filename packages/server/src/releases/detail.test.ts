import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/index.js';

let s: TestServer;
let clock = new Date('2026-11-21T10:00:00.000Z');
beforeAll(async () => {
  s = await startTestServer({ now: () => clock });
});
afterAll(() => s.close());

const error = (type: string, release: string) => ({
  exception: { values: [{ type, value: `${type} happened` }] },
  release,
  environment: 'production',
  timestamp: clock.toISOString(),
});
const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
type Issue = { id: number; title: string };
type Detail = {
  release: { version: string; deploys: Array<{ environment: string }> };
  previous: string | null;
  next: string | null;
  new_issues: Issue[];
  regressed_issues: Issue[];
  resolved_issues: Issue[];
};
const detail = async (version: string) => {
  const res = await s.api(`/api/projects/${s.projectId}/releases/${encodeURIComponent(version)}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Detail;
};

describe('GET /api/projects/{id}/releases/{version}', () => {
  it('shows what a release opened, brought back and resolved, and its neighbours', async () => {
    const base = `/api/projects/${s.projectId}`;
    expect((await s.ingest(error('OldError', 'shop@1.0.0'))).status).toBe(200);
    const issues = (await (await s.api(`${base}/issues`)).json()) as { issues: Issue[] };
    const old = issues.issues[0]!;
    // resolved in the next release; 1.1.0 brings it back (a regression) and opens a new issue
    const resolve = await s.api(`${base}/issues/${old.id}`, {
      ...json({ status: 'resolved', resolved_in: 'shop@1.1.0' }),
      method: 'PATCH',
    });
    expect(resolve.status).toBe(200);
    clock = new Date('2026-11-21T11:00:00.000Z');
    expect(
      (await s.api(`${base}/deploys`, json({ release: 'shop@1.2.0', environment: 'production' }))).status,
    ).toBe(201);
    expect((await s.ingest(error('NewError', 'shop@1.1.0'))).status).toBe(200);
    expect((await detail('shop@1.1.0')).resolved_issues.map((i) => i.id)).toEqual([old.id]);
    expect((await s.ingest(error('OldError', 'shop@1.2.0'))).status).toBe(200);

    const mid = await detail('shop@1.1.0');
    expect(mid.release.version).toBe('shop@1.1.0');
    expect(mid.previous).toBe('shop@1.0.0');
    expect(mid.next).toBe('shop@1.2.0');
    expect(mid.new_issues.map((i) => i.title)).toEqual(['NewError: NewError happened']);
    // back in 1.2.0: no longer resolved in 1.1.0
    expect(mid.resolved_issues).toEqual([]);

    const last = await detail('shop@1.2.0');
    expect(last.next).toBeNull();
    expect(last.regressed_issues.map((i) => i.id)).toEqual([old.id]);
    expect(last.release.deploys.map((d) => d.environment)).toEqual(['production']);
    expect((await detail('shop@1.0.0')).previous).toBeNull();
  });

  it('answers 404 for a release the project has not seen, and keeps other projects out', async () => {
    const res = await s.api(`/api/projects/${s.projectId}/releases/${encodeURIComponent('9.9.9/x')}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const anonymous = await fetch(`${s.url}/api/projects/${s.projectId}/releases/shop%401.0.0`);
    expect(anonymous.status).toBe(401);
  });
});
