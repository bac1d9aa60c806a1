import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeammate, startTestServer, type Teammate, type TestServer } from '../testing/index.js';

let s: TestServer;
let member: Teammate;
let viewer: Teammate;
let issueId: number;
let otherIssue: number;

const call = (cookie: string, path: string, method = 'GET', body?: unknown) =>
  fetch(s.url + path, {
    method,
    headers: { 'content-type': 'application/json', origin: s.url, cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  s = await startTestServer();
  [member, viewer] = await Promise.all([
    addTeammate(s, 'member', 'mia@example.com'),
    addTeammate(s, 'viewer', 'vic@example.com'),
  ]);
  for (const fn of ['first', 'second']) {
    const stack = `TypeError: ${fn} problem\n    at ${fn} (/app/src/${fn}.js:3:9)`;
    const res = await s.ingest({
      exception: { values: [{ type: 'TypeError', value: `${fn} problem`, stack }] },
    });
    expect(res.status).toBe(200);
  }
  const list = (await (await s.api(`/api/projects/${s.projectId}/issues`)).json()) as {
    issues: Array<{ id: number }>;
  };
  [issueId, otherIssue] = list.issues.map((i) => i.id) as [number, number];
}, 60_000);
afterAll(() => s.close());

const issuesPath = () => `/api/projects/${s.projectId}/issues`;
const ids = async (cookie: string, query: string) =>
  (
    (await (await call(cookie, `${issuesPath()}?query=${encodeURIComponent(query)}`)).json()) as {
      issues: Array<{ id: number }>;
    }
  ).issues.map((i) => i.id);

describe('assignment', () => {
  it('a member assigns an issue to themselves; assigned:me / none / <email> find it', async () => {
    const res = await call(member.cookie, `${issuesPath()}/${issueId}`, 'PATCH', {
      assignee: 'MIA@example.com',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: issueId, assignee: 'mia@example.com' });
    expect(await ids(member.cookie, 'assigned:me')).toEqual([issueId]);
    expect(await ids(viewer.cookie, 'assigned:me')).toEqual([]);
    expect(await ids(viewer.cookie, 'assigned:mia@example.com')).toEqual([issueId]);
    expect(await ids(viewer.cookie, 'assigned:none')).toEqual([otherIssue]);
    const detail = (await (await call(viewer.cookie, `${issuesPath()}/${issueId}`)).json()) as {
      history: Array<{ kind: string; actor: string; data?: { assignee?: string } }>;
    };
    expect(detail.history.at(-1)).toMatchObject({
      kind: 'assigned',
      actor: 'mia@example.com',
      data: { assignee: 'mia@example.com' },
    });
  });

  it('refuses a non-member and a viewer; unassigns', async () => {
    const stranger = await call(member.cookie, `${issuesPath()}/${otherIssue}`, 'PATCH', {
      assignee: 'nobody@example.com',
    });
    expect(stranger.status).toBe(400);
    expect(((await stranger.json()) as { error: { message: string } }).error.message).toMatch(/not a member/);
    expect(
      (await call(viewer.cookie, `${issuesPath()}/${otherIssue}`, 'PATCH', { assignee: 'vic@example.com' }))
        .status,
    ).toBe(403);
    expect(
      (await call(viewer.cookie, `${issuesPath()}/${otherIssue}`, 'PATCH', { status: 'resolved' })).status,
    ).toBe(403);
    const none = await call(member.cookie, `${issuesPath()}/${issueId}`, 'PATCH', { assignee: null });
    expect(await none.json()).toMatchObject({ assignee: null });
    expect(await ids(member.cookie, 'assigned:me')).toEqual([]);
  });
});

describe('comments', () => {
  it('plain text with author and time, oldest first; a viewer reads but cannot write', async () => {
    const text =
      'Broke after <b>1.4.2</b>: see https://example.com/runbook?a=1&b=2 <script>alert(1)</script>';
    const created = await call(member.cookie, `${issuesPath()}/${issueId}/comments`, 'POST', { text });
    expect(created.status).toBe(201);
    const comment = (await created.json()) as {
      id: number;
      author: { email: string; name: string };
      text: string;
      created_at: string;
    };
    expect(comment).toMatchObject({ author: { email: 'mia@example.com', name: 'mia' }, text });
    expect(Date.parse(comment.created_at)).toBeGreaterThan(Date.now() - 60_000);
    await call(member.cookie, `${issuesPath()}/${issueId}/comments`, 'POST', { text: 'second' });

    const list = (await (await call(viewer.cookie, `${issuesPath()}/${issueId}/comments`)).json()) as {
      comments: Array<{ text: string }>;
    };
    expect(list.comments.map((c) => c.text)).toEqual([text, 'second']);
    expect(
      (await call(viewer.cookie, `${issuesPath()}/${issueId}/comments`, 'POST', { text: 'no' })).status,
    ).toBe(403);
    // comments belong to their issue
    const other = (await (await call(viewer.cookie, `${issuesPath()}/${otherIssue}/comments`)).json()) as {
      comments: unknown[];
    };
    expect(other.comments).toEqual([]);
  });

  it('refuses an empty comment and one over 10,000 characters; only its author or an admin deletes it', async () => {
    for (const text of ['', '   ', 'x'.repeat(10_001)]) {
      const res = await call(member.cookie, `${issuesPath()}/${issueId}/comments`, 'POST', { text });
      expect(res.status).toBe(400);
    }
    expect(
      (await call(member.cookie, `${issuesPath()}/${issueId}/comments`, 'POST', { text: 'x'.repeat(10_000) }))
        .status,
    ).toBe(201);
    const other = await addTeammate(s, 'member');
    const mine = (await (
      await call(member.cookie, `${issuesPath()}/${issueId}/comments`, 'POST', { text: 'typo' })
    ).json()) as { id: number };
    expect(
      (await call(other.cookie, `${issuesPath()}/${issueId}/comments/${mine.id}`, 'DELETE')).status,
    ).toBe(403);
    expect(
      (await call(member.cookie, `${issuesPath()}/${issueId}/comments/${mine.id}`, 'DELETE')).status,
    ).toBe(204);
    expect(
      (await call(member.cookie, `${issuesPath()}/${issueId}/comments/${mine.id}`, 'DELETE')).status,
    ).toBe(404);
    expect(
      (await call(member.cookie, `${issuesPath()}/999999/comments`, 'POST', { text: 'lost' })).status,
    ).toBe(404);
  });
});
