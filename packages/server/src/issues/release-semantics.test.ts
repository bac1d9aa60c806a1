// api.md, "Release semantics": releases ordered by semver when both parse, else by first seen;
// last_release never moves back; "resolved in next release" holds against the project's newest release.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/index.js';

let clock = new Date('2026-11-21T12:00:00.000Z');
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ now: () => clock });
});
afterAll(() => s.close());

interface Issue {
  id: number;
  status: string;
  substatus: string | null;
  first_release: string | null;
  last_release: string | null;
}

const tick = () => (clock = new Date(clock.getTime() + 60_000));

/** One event of the issue thrown in `fn`, from `release`, a minute after the previous one. */
async function send(fn: string, release: string, project?: { id: number; key: string }): Promise<Issue> {
  tick();
  const event = {
    exception: {
      values: [
        { type: 'Error', value: `${fn} failed`, stack: `Error: x\n    at ${fn} (/app/src/${fn}.js:1:1)` },
      ],
    },
    release,
    timestamp: clock.toISOString(),
  };
  const res = await s.ingest(
    event,
    project ? { projectId: project.id, headers: { 'x-faultline-key': project.key } } : undefined,
  );
  expect(res.status).toBe(200);
  const pid = project?.id ?? s.projectId;
  const { issues } = (await (await s.api(`/api/projects/${pid}/issues?status=all&query=${fn}`)).json()) as {
    issues: Issue[];
  };
  return issues[0]!;
}

const resolveNext = async (issue: Issue, projectId = s.projectId) =>
  (
    await s.api(`/api/projects/${projectId}/issues/${issue.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ status: 'resolved', resolved_in: 'next_release' }),
    })
  ).json() as Promise<Issue>;

describe('release semantics', () => {
  it('last_release is the newest release the issue was seen in, even after a late event of an older one', async () => {
    await send('checkout', '1.0.0');
    await send('checkout', '1.1.0');
    const late = await send('checkout', '1.0.0');
    expect(late).toMatchObject({ first_release: '1.0.0', last_release: '1.1.0' });
    // 1.10.0 is newer than 1.9.0, whatever the order of the strings
    await send('checkout', '1.10.0');
    expect(await send('checkout', '1.9.0')).toMatchObject({ last_release: '1.10.0' });
  });

  it('"resolve in next release" holds against the newest release the project has seen, not the issue\'s own', async () => {
    const issue = await send('search', '1.0.0');
    // the project has moved on: 1.10.0 is deployed and seen (by another issue above)
    const resolved = await resolveNext(issue);
    expect(resolved.status).toBe('resolved');
    // the fix is not out yet: events of the current and older releases keep it resolved
    expect(await send('search', '1.10.0')).toMatchObject({ status: 'resolved' });
    expect(await send('search', '1.0.0')).toMatchObject({ status: 'resolved' });
    // a release after it reopens it as a regression
    expect(await send('search', '1.11.0')).toMatchObject({ status: 'unresolved', substatus: 'regressed' });
  });

  it('orders releases that are not semver by when the project first saw them', async () => {
    const res = await s.api('/api/projects', {
      method: 'POST',
      body: JSON.stringify({ name: 'Named releases' }),
    });
    const created = (await res.json()) as { id: number; public_key: string };
    const p = { id: created.id, key: created.public_key };
    await send('render', 'spring', p);
    await send('render', 'summer', p);
    expect(await send('render', 'spring', p)).toMatchObject({
      first_release: 'spring',
      last_release: 'summer',
    });

    const issue = await send('upload', 'spring', p);
    await resolveNext(issue, p.id); // the newest is "summer"
    expect(await send('upload', 'summer', p)).toMatchObject({ status: 'resolved' });
    expect(await send('upload', 'spring', p)).toMatchObject({ status: 'resolved' });
    expect(await send('upload', 'autumn', p)).toMatchObject({ status: 'unresolved', substatus: 'regressed' });
  });
});
