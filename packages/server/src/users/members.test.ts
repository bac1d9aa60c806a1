import { randomBytes, scryptSync } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invites, users } from '../db/schema.js';
import {
  addTeammate,
  sessionCookie,
  startTestServer,
  TEST_ADMIN,
  type TestServer,
} from '../testing/index.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ trustProxy: true });
});
afterAll(() => s.close());

const call = (
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) =>
  fetch(s.url + path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', origin: s.url, ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
const as = (cookie: string) => ({ cookie });
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string } }).error;

async function invite(email: string, role = 'member') {
  const res = await s.api('/api/users/invites', { method: 'POST', body: JSON.stringify({ email, role }) });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { invite_url: string; expires_at: string; emailed: boolean };
  return { ...body, token: body.invite_url.split('/invite/')[1]! };
}

describe('invites', () => {
  it('a one-use link valid 7 days: the teammate sets a password and is logged in', async () => {
    const before = Date.now();
    const inv = await invite('new.hire@example.com', 'member');
    expect(inv.invite_url).toMatch(new RegExp(`^${s.url}/invite/[A-Za-z0-9_-]{40,}$`));
    expect(inv.emailed).toBe(false); // no SMTP here: the link is the way
    const ttl = Date.parse(inv.expires_at) - before;
    expect(ttl).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(ttl).toBeLessThan(7 * 86_400_000 + 60_000);
    expect(await (await call(`/api/auth/invites/${inv.token}`)).json()).toMatchObject({
      email: 'new.hire@example.com',
      role: 'member',
    });

    const weak = await call('/api/auth/accept-invite', {
      body: { token: inv.token, password: 'password123' },
    });
    expect(weak.status).toBe(400);
    expect((await errorOf(weak)).message).toMatch(/common/);
    const short = await call('/api/auth/accept-invite', { body: { token: inv.token, password: 'short' } });
    expect((await errorOf(short)).message).toMatch(/at least 10/);

    const ok = await call('/api/auth/accept-invite', {
      body: { token: inv.token, password: 'a long and unusual passphrase', name: 'New Hire' },
    });
    expect(ok.status).toBe(204);
    const me = await (await call('/api/auth/me', { headers: as(sessionCookie(ok)) })).json();
    expect(me).toMatchObject({
      kind: 'session',
      user: { email: 'new.hire@example.com', name: 'New Hire', role: 'member' },
    });

    const again = await call('/api/auth/accept-invite', {
      body: { token: inv.token, password: 'another long passphrase' },
    });
    expect(again.status).toBe(400);
    expect((await errorOf(again)).message).toMatch(/already used/);
    // the teammate logs in with the password they chose
    const login = await call('/api/auth/login', {
      body: { email: 'new.hire@example.com', password: 'a long and unusual passphrase' },
    });
    expect(login.status).toBe(204);
  });

  it('refuses an expired invite, an existing member, an unknown role; only an owner invites an owner', async () => {
    const inv = await invite('late@example.com');
    await s.database.db
      .update(invites)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invites.email, 'late@example.com'));
    const late = await call('/api/auth/accept-invite', {
      body: { token: inv.token, password: 'a long and unusual passphrase' },
    });
    expect(late.status).toBe(400);
    expect((await errorOf(late)).message).toMatch(/expired/);
    expect(
      (
        await call('/api/auth/accept-invite', {
          body: { token: 'nope', password: 'a long and unusual passphrase' },
        })
      ).status,
    ).toBe(404);

    const existing = await s.api('/api/users/invites', {
      method: 'POST',
      body: JSON.stringify({ email: TEST_ADMIN.email, role: 'member' }),
    });
    expect(existing.status).toBe(409);
    const role = await s.api('/api/users/invites', {
      method: 'POST',
      body: JSON.stringify({ email: 'x@example.com', role: 'god' }),
    });
    expect(role.status).toBe(400);
    expect((await errorOf(role)).message).toMatch(/role.*owner, admin, member, viewer/);

    const admin = await addTeammate(s, 'admin');
    const owner = await call('/api/users/invites', {
      headers: as(admin.cookie),
      body: { email: 'boss@example.com', role: 'owner' },
    });
    expect(owner.status).toBe(403);
    // a second invite replaces the first: only the latest link works
    const first = await invite('twice@example.com');
    const second = await invite('twice@example.com');
    expect((await call(`/api/auth/invites/${first.token}`)).status).toBe(404);
    expect((await call(`/api/auth/invites/${second.token}`)).status).toBe(200);
    const open = (await (await s.api('/api/users/invites')).json()) as { invites: Array<{ email: string }> };
    expect(open.invites.filter((i) => i.email === 'twice@example.com')).toHaveLength(1);
  });
});

describe('roles and removal', () => {
  it('a role change applies to the next request of their session and of their tokens', async () => {
    const m = await addTeammate(s, 'member');
    const tokenRes = await call('/api/tokens', {
      headers: as(m.cookie),
      body: { name: 'ci', scopes: ['project:write'] },
    });
    const token = { authorization: `Bearer ${((await tokenRes.json()) as { token: string }).token}` };
    const deploy = (headers: Record<string, string>) =>
      call(`/api/projects/${s.projectId}/deploys`, {
        headers,
        body: { release: '1.0.0', environment: 'production' },
      });
    expect((await deploy(as(m.cookie))).status).toBe(201);
    expect((await deploy(token)).status).toBe(201);

    const demote = await s.api(`/api/users/${m.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ role: 'viewer' }),
    });
    expect(await demote.json()).toMatchObject({ id: m.id, role: 'viewer' });
    expect((await deploy(as(m.cookie))).status).toBe(403);
    expect((await deploy(token)).status).toBe(403);
    expect((await call(`/api/projects/${s.projectId}/issues`, { headers: token })).status).toBe(200);
  });

  it('removing a user ends their sessions and revokes their tokens at once; the last owner stays', async () => {
    const m = await addTeammate(s, 'member');
    const tokenRes = await call('/api/tokens', {
      headers: as(m.cookie),
      body: { name: 'ci', scopes: ['project:read'] },
    });
    const token = { authorization: `Bearer ${((await tokenRes.json()) as { token: string }).token}` };
    expect((await call('/api/auth/me', { headers: token })).status).toBe(200);
    expect((await s.api(`/api/users/${m.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call('/api/auth/me', { headers: as(m.cookie) })).status).toBe(401);
    expect((await call('/api/auth/me', { headers: token })).status).toBe(401);
    expect((await call('/api/auth/login', { body: { email: m.email, password: m.password } })).status).toBe(
      401,
    );
    const list = (await (await s.api('/api/users')).json()) as { users: Array<{ email: string }> };
    expect(list.users.map((u) => u.email)).not.toContain(m.email);

    // the bootstrap admin is the only owner: it cannot be removed or demoted
    const [boss] = await s.database.db.select().from(users).where(eq(users.email, TEST_ADMIN.email));
    const last = await s.api(`/api/users/${boss!.id}`, { method: 'DELETE' });
    expect(last.status).toBe(409);
    expect((await errorOf(last)).message).toMatch(/last owner/);
    expect(
      (await s.api(`/api/users/${boss!.id}`, { method: 'PATCH', body: JSON.stringify({ role: 'admin' }) }))
        .status,
    ).toBe(409);
    // an admin cannot remove an owner
    const admin = await addTeammate(s, 'admin');
    expect(
      (await call(`/api/users/${boss!.id}`, { method: 'DELETE', headers: as(admin.cookie) })).status,
    ).toBe(403);
    const [still] = await s.database.db.select().from(users).where(eq(users.id, boss!.id));
    expect(still!.removedAt).toBeNull();
    expect(still!.role).toBe('owner');
  });
});

describe('tokens', () => {
  it('a token creates tokens with at most its rights, and they are revoked with it', async () => {
    const parentRes = await s.api('/api/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'deployer', scopes: ['project:write'], project_ids: [s.projectId] }),
    });
    const parent = (await parentRes.json()) as { id: number; token: string };
    const auth = { authorization: `Bearer ${parent.token}` };
    expect(
      (
        await call('/api/tokens', {
          headers: auth,
          body: { name: 'more', scopes: ['admin'], project_ids: [s.projectId] },
        })
      ).status,
    ).toBe(403);
    expect(
      (await call('/api/tokens', { headers: auth, body: { name: 'wider', scopes: ['project:read'] } }))
        .status,
    ).toBe(403);
    const childRes = await call('/api/tokens', {
      headers: auth,
      body: { name: 'child', scopes: ['project:read'], project_ids: [s.projectId] },
    });
    expect(childRes.status).toBe(201);
    const child = (await childRes.json()) as { id: number; token: string };
    const grandRes = await call('/api/tokens', {
      headers: { authorization: `Bearer ${child.token}` },
      body: { name: 'grandchild', scopes: ['project:read'], project_ids: [s.projectId] },
    });
    const grand = (await grandRes.json()) as { token: string };
    // a limited token sees only the tokens it made, not every token
    const seen = (await (await call('/api/tokens', { headers: auth })).json()) as {
      tokens: Array<{ id: number }>;
    };
    expect(seen.tokens.map((t) => t.id)).toEqual([child.id]);

    expect((await s.api(`/api/tokens/${parent.id}`, { method: 'DELETE' })).status).toBe(204);
    for (const t of [parent.token, child.token, grand.token]) {
      expect((await call('/api/auth/me', { headers: { authorization: `Bearer ${t}` } })).status).toBe(401);
    }
  });

  it('keeps last_used_at, written at most once a minute', async () => {
    const created = (await (
      await s.api('/api/tokens', {
        method: 'POST',
        body: JSON.stringify({ name: 'used', scopes: ['project:read'] }),
      })
    ).json()) as { id: number; token: string };
    const lastUsed = async () =>
      (
        (await (await s.api('/api/tokens')).json()) as {
          tokens: Array<{ id: number; last_used_at: string | null }>;
        }
      ).tokens.find((t) => t.id === created.id)!.last_used_at;
    expect(await lastUsed()).toBeNull();
    await call('/api/auth/me', { headers: { authorization: `Bearer ${created.token}` } });
    let first: string | null = null;
    for (let i = 0; i < 50 && !first; i++) first = await lastUsed(); // the write is not awaited by the request
    expect(first).not.toBeNull();
    await call('/api/auth/me', { headers: { authorization: `Bearer ${created.token}` } });
    await call('/api/auth/me', { headers: { authorization: `Bearer ${created.token}` } });
    expect(await lastUsed()).toBe(first);
  });
});

describe('passwords and logins', () => {
  it('changes a password: the current one is checked, the new one must be strong, other sessions end', async () => {
    const m = await addTeammate(s, 'viewer');
    const other = sessionCookie(
      await call('/api/auth/login', { body: { email: m.email, password: m.password } }),
    );
    const wrong = await call('/api/auth/password', {
      headers: as(m.cookie),
      body: { current_password: 'nope', new_password: 'a brand new passphrase' },
    });
    expect(wrong.status).toBe(400);
    const weak = await call('/api/auth/password', {
      headers: as(m.cookie),
      body: { current_password: m.password, new_password: '1234567890' },
    });
    expect(weak.status).toBe(400);
    const ok = await call('/api/auth/password', {
      headers: as(m.cookie),
      body: { current_password: m.password, new_password: 'a brand new passphrase' },
    });
    expect(ok.status).toBe(204);
    expect((await call('/api/auth/me', { headers: as(m.cookie) })).status).toBe(200);
    expect((await call('/api/auth/me', { headers: as(other) })).status).toBe(401);
    expect(
      (await call('/api/auth/login', { body: { email: m.email, password: 'a brand new passphrase' } }))
        .status,
    ).toBe(204);
    // tokens cannot change a password
    expect(
      (
        await s.api('/api/auth/password', {
          method: 'POST',
          body: JSON.stringify({ current_password: 'x', new_password: 'y' }),
        })
      ).status,
    ).toBe(403);
  });

  it('re-hashes an older, cheaper hash at the next login', async () => {
    const m = await addTeammate(s, 'viewer');
    const salt = randomBytes(16);
    const old = `scrypt$16384$8$1$${salt.toString('base64url')}$${scryptSync(m.password, salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64url')}`;
    await s.database.db.update(users).set({ passwordHash: old }).where(eq(users.id, m.id));
    expect((await call('/api/auth/login', { body: { email: m.email, password: m.password } })).status).toBe(
      204,
    );
    const [row] = await s.database.db.select().from(users).where(eq(users.id, m.id));
    expect(row!.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await call('/api/auth/login', { body: { email: m.email, password: m.password } })).status).toBe(
      204,
    );
  });

  it('throttles failed logins per email and per client address: 429 with Retry-After', async () => {
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const failures = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call('/api/auth/login', {
          headers: from(`10.0.0.${i + 1}`),
          body: { email: TEST_ADMIN.email, password: 'wrong' },
        }),
      ),
    );
    expect(failures.map((r) => r.status)).toEqual(Array(10).fill(401));
    // the 11th failure for this email, from yet another address, and even the right password, wait
    const blocked = await call('/api/auth/login', {
      headers: from('10.0.1.1'),
      body: { email: TEST_ADMIN.email, password: TEST_ADMIN.password },
    });
    expect(blocked.status).toBe(429);
    const retry = Number(blocked.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(800);
    expect(retry).toBeLessThanOrEqual(900);
    expect((await errorOf(blocked)).code).toBe('rate_limited');

    // one address guessing many emails
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call('/api/auth/login', {
          headers: from('192.0.2.7'),
          body: { email: `guess${i}@example.com`, password: 'wrong' },
        }),
      ),
    );
    const byAddress = await call('/api/auth/login', {
      headers: from('192.0.2.7'),
      body: { email: 'someone@example.com', password: 'x' },
    });
    expect(byAddress.status).toBe(429);
    // another address and another email are not affected
    const m = await addTeammate(s, 'viewer');
    expect(
      (
        await call('/api/auth/login', {
          headers: from('198.51.100.1'),
          body: { email: m.email, password: m.password },
        })
      ).status,
    ).toBe(204);
  }, 120_000); // each failed login costs a full scrypt hash, on purpose
});
