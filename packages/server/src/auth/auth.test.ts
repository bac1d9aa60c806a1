import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN, type TestServer } from '../testing/index.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(s.url + path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });

async function login(): Promise<string> {
  const res = await post('/api/auth/login', { email: TEST_ADMIN.email, password: TEST_ADMIN.password });
  expect(res.status).toBe(204);
  const cookie = res.headers.get('set-cookie')!;
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Lax/i);
  return cookie.split(';')[0]!;
}

describe('sessions', () => {
  it('logs in with email and password, and out', async () => {
    const cookie = await login();
    const me = await fetch(`${s.url}/api/auth/me`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ kind: 'session', user: { email: TEST_ADMIN.email } });
    expect((await fetch(`${s.url}/api/projects`, { headers: { cookie } })).status).toBe(200);
    expect((await post('/api/auth/logout', {}, { cookie })).status).toBe(204);
    const after = await fetch(`${s.url}/api/projects`, { headers: { cookie } });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { message: string } }).error.message).toMatch(
      /session has expired/,
    );
  });

  it('refuses a wrong password or unknown user with the same 401', async () => {
    for (const body of [
      { email: TEST_ADMIN.email, password: 'nope' },
      { email: 'who@example.com', password: 'x' },
    ]) {
      const res = await post('/api/auth/login', body);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: { code: 'unauthorized', message: 'invalid email or password' },
      });
    }
    expect((await post('/api/auth/login', { email: 1 })).status).toBe(400);
  });

  it('refuses a cookie-authenticated write from another origin', async () => {
    const cookie = await login();
    const res = await post('/api/projects', { name: 'csrf' }, { cookie, origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });
});

describe('tokens and scopes', () => {
  async function token(scopes: string[], projectIds?: number[]): Promise<string> {
    const res = await s.api('/api/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 't', scopes, project_ids: projectIds }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { token: string }).token;
  }
  const as = (t: string, path: string, init: RequestInit = {}) =>
    fetch(s.url + path, {
      ...init,
      headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
    });

  it('a read token reads but cannot write', async () => {
    const read = await token(['project:read']);
    expect((await as(read, `/api/projects/${s.projectId}/issues`)).status).toBe(200);
    const patch = await as(read, `/api/projects/${s.projectId}/issues`, {
      method: 'PATCH',
      body: JSON.stringify({ ids: [1], status: 'resolved' }),
    });
    expect(patch.status).toBe(403);
    expect(
      (await as(read, '/api/projects', { method: 'POST', body: JSON.stringify({ name: 'x' }) })).status,
    ).toBe(403);
    expect(
      (
        await as(read, '/api/tokens', {
          method: 'POST',
          body: JSON.stringify({ name: 'x', scopes: ['admin'] }),
        })
      ).status,
    ).toBe(403);
  });

  it('a token limited to one project sees no other project', async () => {
    const created = await s.api('/api/projects', {
      method: 'POST',
      body: JSON.stringify({ name: 'Billing' }),
    });
    const billing = (await created.json()) as { id: number; slug: string; dsn: string };
    expect(billing.slug).toBe('billing');
    expect(billing.dsn).toMatch(new RegExp(`^http://[0-9a-f]{32}@127\\.0\\.0\\.1:\\d+/${billing.id}$`));
    const limited = await token(['project:write'], [billing.id]);
    expect((await as(limited, `/api/projects/${billing.id}/issues`)).status).toBe(200);
    expect((await as(limited, `/api/projects/${s.projectId}/issues`)).status).toBe(403);
    const visible = (await (await as(limited, '/api/projects')).json()) as {
      projects: Array<{ id: number }>;
    };
    expect(visible.projects.map((p) => p.id)).toEqual([billing.id]);
  });

  it('records when a token was last used', async () => {
    const res = await s.api('/api/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'used', scopes: ['project:read'] }),
    });
    const created = (await res.json()) as { id: number; token: string; last_used_at: string | null };
    expect(created.last_used_at).toBeNull();
    expect((await as(created.token, '/api/projects')).status).toBe(200);
    let used: string | null = null;
    for (let i = 0; i < 50 && !used; i++) {
      const { tokens } = (await (await s.api('/api/tokens')).json()) as {
        tokens: Array<{ id: number; last_used_at: string | null }>;
      };
      used = tokens.find((t) => t.id === created.id)!.last_used_at;
      if (!used) await new Promise((r) => setTimeout(r, 20));
    }
    expect(used).not.toBeNull();
  });

  it('a revoked token stops working', async () => {
    const res = await s.api('/api/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'ci', scopes: ['project:read'] }),
    });
    const { id, token: t } = (await res.json()) as { id: number; token: string };
    expect((await as(t, '/api/projects')).status).toBe(200);
    expect((await s.api(`/api/tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await as(t, '/api/projects')).status).toBe(401);
  });

  it('a public key authenticates nothing but ingest', async () => {
    for (const headers of [
      { authorization: `Bearer ${s.publicKey}` },
      { 'x-faultline-key': s.publicKey },
    ] as Array<Record<string, string>>) {
      expect((await fetch(`${s.url}/api/projects/${s.projectId}/issues`, { headers })).status).toBe(401);
    }
    expect((await fetch(`${s.url}/api/projects/${s.projectId}/issues?key=${s.publicKey}`)).status).toBe(401);
  });

  it('refuses bad token and project requests with 400 or 409', async () => {
    expect(
      (await s.api('/api/tokens', { method: 'POST', body: JSON.stringify({ name: 'x', scopes: ['root'] }) }))
        .status,
    ).toBe(400);
    expect((await s.api('/api/tokens', { method: 'POST', body: '[' })).status).toBe(400);
    expect(
      (await s.api('/api/projects', { method: 'POST', body: JSON.stringify({ name: '' }) })).status,
    ).toBe(400);
    expect(
      (await s.api('/api/projects', { method: 'POST', body: JSON.stringify({ name: 'Default' }) })).status,
    ).toBe(409);
  });
});
