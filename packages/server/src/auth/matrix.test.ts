import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_DOCS } from '../api-docs.js';
import { sessions } from '../db/schema.js';
import type { RouteDoc } from '../http/openapi.js';
import { addTeammate, startTestServer, type TestServer } from '../testing/index.js';
import { sha256 } from './secrets.js';

// Every route × every kind of caller × own / other project: who gets past authorization must be
// exactly who the roles of api.md allow. The expectation below is this test's own model of the
// roles, not the server's code; the route table only says which right each route needs.

type Right = 'read' | 'write' | 'admin';
const RANK: Record<Right, number> = { read: 1, write: 2, admin: 3 };

interface Caller {
  name: string;
  headers: Record<string, string>;
  /** null: cannot authenticate at all (no auth, public key, revoked token, expired or removed session) */
  right: Right | null;
  kind: 'session' | 'token';
  /** projects a limited token may act in (null: all) */
  projects: number[] | null;
}

let s: TestServer;
let own: number; // project A: the one limited tokens may act in
let other: number; // project B: no limited token may touch it
let otherDeletable: number; // like B, for DELETE /api/projects/:projectId
const throwaway = new Map<string, number>(); // per caller: a project it may delete
const callers: Caller[] = [];

const NEEDS: Record<string, Right | 'any'> = {
  'project:read': 'read',
  'project:write': 'write',
  admin: 'admin',
  any: 'any',
};

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  s = await startTestServer();
  own = s.projectId;
  const newProject = async (name: string) =>
    (
      await json<{ id: number }>(
        await s.api('/api/projects', { method: 'POST', body: JSON.stringify({ name }) }),
      )
    ).id;
  other = await newProject('Other');
  otherDeletable = await newProject('Other, deletable');

  const [owner, admin, member, viewer, removed, demoted] = await Promise.all([
    addTeammate(s, 'owner'),
    addTeammate(s, 'admin'),
    addTeammate(s, 'member'),
    addTeammate(s, 'viewer'),
    addTeammate(s, 'member'),
    addTeammate(s, 'admin'),
  ]);
  const names = [
    'no auth',
    'public key',
    'public key as bearer',
    'owner session',
    'admin session',
    'member session',
    'viewer session',
    'expired session',
    'removed user session',
    'env admin token',
    'admin token (A)',
    'write token (A)',
    'read token (A)',
    'member-made admin token',
    'demoted admin token',
    'revoked token',
  ];
  for (const name of names) throwaway.set(name, await newProject(`Throwaway ${name}`));
  const limitedTo = [own, ...throwaway.values()];

  const token = async (by: Record<string, string>, scopes: string[], projectIds: number[] | null) => {
    const res = await fetch(`${s.url}/api/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: s.url, ...by },
      body: JSON.stringify({ name: scopes.join(','), scopes, project_ids: projectIds }),
    });
    return { authorization: `Bearer ${(await json<{ token: string }>(res)).token}` };
  };
  const ownerAuth = { cookie: owner.cookie };
  const memberAdmin = await token({ cookie: member.cookie }, ['project:write'], null);
  const demotedToken = await token({ cookie: demoted.cookie }, ['admin'], null);
  await json(
    await s.api(`/api/users/${demoted.id}`, { method: 'PATCH', body: JSON.stringify({ role: 'viewer' }) }),
  );
  const revoked = await token(ownerAuth, ['admin'], null);
  const revokedId = (await json<{ tokens: Array<{ id: number }> }>(await s.api('/api/tokens'))).tokens[0]!.id;
  expect((await s.api(`/api/tokens/${revokedId}`, { method: 'DELETE' })).status).toBe(204);
  expect((await s.api(`/api/users/${removed.id}`, { method: 'DELETE' })).status).toBe(204);
  const expired = 'expired-session-cookie-value';
  await s.database.db
    .insert(sessions)
    .values({ id: sha256(expired), userId: owner.id, expiresAt: new Date(Date.now() - 1000) });

  const session = (name: string, cookie: string, right: Right | null): Caller => ({
    name,
    headers: { cookie, origin: s.url },
    right,
    kind: 'session',
    projects: null,
  });
  const tok = (
    name: string,
    headers: Record<string, string>,
    right: Right | null,
    projects: number[] | null,
  ): Caller => ({
    name,
    headers,
    right,
    kind: 'token',
    projects,
  });
  callers.push(
    tok('no auth', {}, null, null),
    tok('public key', { 'x-faultline-key': s.publicKey }, null, null),
    tok('public key as bearer', { authorization: `Bearer ${s.publicKey}` }, null, null),
    session('owner session', owner.cookie, 'admin'),
    session('admin session', admin.cookie, 'admin'),
    session('member session', member.cookie, 'write'),
    session('viewer session', viewer.cookie, 'read'),
    session('expired session', `faultline_session=${expired}`, null),
    session('removed user session', removed.cookie, null),
    tok('env admin token', { authorization: 'Bearer flt_test_admin_token' }, 'admin', null),
    tok('admin token (A)', await token(ownerAuth, ['admin'], limitedTo), 'admin', limitedTo),
    tok('write token (A)', await token(ownerAuth, ['project:write'], limitedTo), 'write', limitedTo),
    tok('read token (A)', await token(ownerAuth, ['project:read'], limitedTo), 'read', limitedTo),
    // a member cannot mint more than they have: asking for admin is refused, write is what they hold
    tok('member-made admin token', memberAdmin, 'write', null),
    // made by an admin since demoted to viewer: the token falls with its creator's role
    tok('demoted admin token', demotedToken, 'read', null),
    tok('revoked token', revoked, null, null),
  );
  const refused = await fetch(`${s.url}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: s.url, cookie: member.cookie },
    body: JSON.stringify({ name: 'x', scopes: ['admin'] }),
  });
  expect(refused.status).toBe(403);
}, 120_000);
afterAll(() => s?.close());

/** What the roles of api.md allow `c` on route `d` in project `project` (undefined: no project). */
function allowed(c: Caller, d: RouteDoc, project: number | undefined): boolean {
  if (d.access.auth !== 'session_or_token') return false;
  if (c.right === null) return false;
  const need = NEEDS[d.access.scope]!;
  if (need !== 'any' && RANK[c.right] < RANK[need]) return false;
  if (d.access.session && c.kind !== 'session') return false;
  if (d.access.instance && c.projects !== null) return false;
  if (project !== undefined && c.projects !== null && !c.projects.includes(project)) return false;
  return true;
}

interface Case {
  caller: Caller;
  doc: RouteDoc;
  project: number | undefined;
  url: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const doc of ROUTE_DOCS) {
    if (doc.access.auth !== 'session_or_token') continue;
    for (const caller of callers) {
      const deletesProject = doc.method === 'delete' && doc.path === '/api/projects/:projectId';
      const projects = doc.path.includes(':projectId')
        ? deletesProject
          ? [throwaway.get(caller.name)!, otherDeletable]
          : [own, other]
        : [undefined];
      for (const project of projects) {
        const url = doc.path
          .replace(':projectId', String(project))
          // ids that do not exist: an allowed call gets past authorization and then finds nothing
          .replace(/:(\w+)Id|:id/g, '999999')
          .replace(':token', 'no-such-invite');
        out.push({ caller, doc, project, url });
      }
    }
  }
  return out;
}

describe('authorization matrix', () => {
  it('the route table gives each kind of route the right it needs (api.md roles)', () => {
    const guarded = ROUTE_DOCS.filter((d) => d.access.auth === 'session_or_token');
    // a viewer reads: every write needs more than project:read, except acting on oneself
    const self = ['/api/tokens', '/api/tokens/:id', '/api/auth/password'];
    for (const d of guarded.filter((d) => d.method !== 'get' && !self.includes(d.path))) {
      expect(d.access.auth === 'session_or_token' && d.access.scope, `${d.method} ${d.path}`).toMatch(
        /write|admin/,
      );
    }
    // members, invites, projects, keys and settings are administration
    for (const d of guarded.filter(
      (d) => d.method !== 'get' && /\/users|\/keys|^\/api\/projects(\/:projectId)?$/.test(d.path),
    )) {
      expect(d.access.auth === 'session_or_token' && d.access.scope, `${d.method} ${d.path}`).toBe('admin');
    }
    // instance-wide administration is closed to tokens limited to projects
    for (const d of guarded.filter(
      (d) => d.path.startsWith('/api/users/') || (d.method === 'post' && d.path === '/api/projects'),
    )) {
      expect(d.access.auth === 'session_or_token' && d.access.instance, `${d.method} ${d.path}`).toBe(true);
    }
  });

  it('every route × every caller × own/other project: 0 accesses beyond the role, none refused within it', async () => {
    const all = cases();
    const beyond: string[] = [];
    const refusedWithin: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < all.length) {
        const k = all[next++]!;
        const res = await fetch(s.url + k.url, {
          method: k.doc.method.toUpperCase(),
          headers: { 'content-type': 'application/json', ...k.caller.headers },
          // an empty body: an allowed write fails validation (400) and changes nothing
          body: k.doc.method === 'get' ? undefined : '{}',
        });
        await res.arrayBuffer();
        const label = `${k.caller.name}: ${k.doc.method.toUpperCase()} ${k.url} → ${res.status}`;
        const denied = res.status === 401 || res.status === 403;
        if (allowed(k.caller, k.doc, k.project)) {
          if (denied) refusedWithin.push(label);
        } else if (!denied) beyond.push(label);
        else if (k.caller.right === null && res.status !== 401) beyond.push(`${label} (expected 401)`);
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    console.log(
      `authorization matrix: ${all.length} requests (${ROUTE_DOCS.length} routes × ${callers.length} callers × own/other project), ` +
        `${beyond.length} accesses beyond the role, ${refusedWithin.length} refused within it`,
    );
    expect(all.length).toBeGreaterThan(800);
    expect(beyond).toEqual([]);
    expect(refusedWithin).toEqual([]);
  }, 180_000);

  it('public-key routes take no session or token in place of a key', async () => {
    for (const caller of callers.filter((c) => c.right !== null)) {
      const res = await fetch(`${s.url}/api/${own}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...caller.headers },
        body: JSON.stringify({ message: 'not with a token' }),
      });
      expect(res.status, caller.name).toBe(401);
    }
  });
});
