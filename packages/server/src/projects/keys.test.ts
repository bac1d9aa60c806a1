import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { rowsOf } from '../db/rows.js';
import { projects } from '../db/schema.js';
import { startTestServer, type TestServer } from '../testing/index.js';

let s: TestServer;
let offset = 0; // the test's clock runs ahead of the real one by this much
beforeAll(async () => {
  s = await startTestServer({ now: () => new Date(Date.now() + offset) });
});
afterAll(() => s.close());

interface Key {
  id: number;
  public_key: string;
  dsn: string;
  label: string;
  revoked_at: string | null;
  usage_24h: { accepted: number; rate_limited: number; dropped: number };
}
const send = (url: string, projectId: number, key: string) =>
  fetch(`${url}/api/${projectId}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-faultline-key': key },
    body: JSON.stringify({ exception: { values: [{ type: 'Error', value: 'from a key' }] } }),
  });
const keysOf = async (projectId = s.projectId) =>
  ((await (await s.api(`/api/projects/${projectId}/keys`)).json()) as { keys: Key[] }).keys;

describe('project keys', () => {
  it('rotates a leaked key: add one, both work, revoke the old one (401 at once), usage per key', async () => {
    const [original] = await keysOf();
    expect(original).toMatchObject({ label: 'Default', revoked_at: null });
    expect(original!.dsn).toBe(s.dsn);
    const created = await s.api(`/api/projects/${s.projectId}/keys`, {
      method: 'POST',
      body: JSON.stringify({ label: 'web 2026-12' }),
    });
    expect(created.status).toBe(201);
    const fresh = (await created.json()) as Key;
    expect(fresh.public_key).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh.dsn).toContain(`${fresh.public_key}@`);

    expect((await send(s.url, s.projectId, original!.public_key)).status).toBe(200);
    expect((await send(s.url, s.projectId, fresh.public_key)).status).toBe(200);
    expect((await send(s.url, s.projectId, fresh.public_key)).status).toBe(200);
    expect(
      (await s.api(`/api/projects/${s.projectId}/keys/${original!.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
    const refused = await send(s.url, s.projectId, original!.public_key);
    expect(refused.status).toBe(401);
    expect((await send(s.url, s.projectId, fresh.public_key)).status).toBe(200);
    expect(
      (await s.api(`/api/projects/${s.projectId}/keys/${original!.id}`, { method: 'DELETE' })).status,
    ).toBe(409);

    await s.usage.flush();
    const after = await keysOf();
    expect(after.find((k) => k.id === original!.id)).toMatchObject({
      revoked_at: expect.any(String),
      usage_24h: { accepted: 1 },
    });
    expect(after.find((k) => k.id === fresh.id)).toMatchObject({
      revoked_at: null,
      usage_24h: { accepted: 3 },
    });
    // the project's DSN is now the new key's
    const project = (await (await s.api(`/api/projects/${s.projectId}`)).json()) as { public_key: string };
    expect(project.public_key).toBe(fresh.public_key);
  });

  it('a key revoked in one process is refused by another within 5 s', async () => {
    // a second Faultline process on the same database, with its own key cache
    const second = createApp({
      db: s.database.db,
      config: s.config,
      hot: s.database.hot,
      kind: s.database.kind,
    });
    const server = serve({ fetch: second.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const key = (await (
        await s.api(`/api/projects/${s.projectId}/keys`, { method: 'POST', body: '{}' })
      ).json()) as Key;
      expect((await send(url, s.projectId, key.public_key)).status).toBe(200); // now cached there
      expect((await s.api(`/api/projects/${s.projectId}/keys/${key.id}`, { method: 'DELETE' })).status).toBe(
        204,
      );
      offset += 5_000; // 5 s later on the servers' clock
      expect((await send(url, s.projectId, key.public_key)).status).toBe(401);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await second.writer.drain();
    }
  });

  it('labels are text of at most 100 characters', async () => {
    const res = await s.api(`/api/projects/${s.projectId}/keys`, {
      method: 'POST',
      body: JSON.stringify({ label: 'x'.repeat(101) }),
    });
    expect(res.status).toBe(400);
  });
});

describe('project settings', () => {
  it('renames a project; the slug and DSN stay', async () => {
    const res = await s.api(`/api/projects/${s.projectId}`, {
      method: 'PATCH',
      body: JSON.stringify({ name: 'Shop' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'Shop' });
    const project = (await (await s.api(`/api/projects/${s.projectId}`)).json()) as {
      name: string;
      slug: string;
    };
    expect(project).toMatchObject({ name: 'Shop', slug: 'default' });
    expect((await s.api(`/api/projects/${s.projectId}`, { method: 'PATCH', body: '{}' })).status).toBe(400);
  });

  it('deletes a project: gone at once for the API and ingest, its rows removed in the background', async () => {
    const created = (await (
      await s.api('/api/projects', { method: 'POST', body: JSON.stringify({ name: 'Doomed' }) })
    ).json()) as {
      id: number;
      public_key: string;
    };
    for (let i = 0; i < 30; i++) expect((await send(s.url, created.id, created.public_key)).status).toBe(200);
    await s.api(`/api/projects/${created.id}/deploys`, {
      method: 'POST',
      body: JSON.stringify({ release: '1', environment: 'production' }),
    });
    const count = async (table: string) =>
      Number(
        (
          await rowsOf<{ n: string }>(
            s.database.db,
            sql`select count(*) as n from ${sql.identifier(table)} where project_id = ${created.id}`,
          )
        )[0]!.n,
      );
    expect(await count('events')).toBe(30);

    expect((await s.api(`/api/projects/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await s.api(`/api/projects/${created.id}`)).status).toBe(404);
    expect((await s.api(`/api/projects/${created.id}/issues`)).status).toBe(404);
    const list = (await (await s.api('/api/projects')).json()) as { projects: Array<{ id: number }> };
    expect(list.projects.map((p) => p.id)).not.toContain(created.id);
    expect((await send(s.url, created.id, created.public_key)).status).toBe(401);
    // the slug is free for a new project
    expect(
      (await s.api('/api/projects', { method: 'POST', body: JSON.stringify({ name: 'Doomed' }) })).status,
    ).toBe(201);

    await s.purger.drain();
    for (const table of ['events', 'issues', 'issue_hourly', 'deploys', 'releases', 'project_keys']) {
      expect(await count(table), table).toBe(0);
    }
    // the row itself goes a minute later (events already queued for it must still find it)
    expect(await s.database.db.select().from(projects).where(eq(projects.id, created.id))).toHaveLength(1);
    offset += 61_000;
    await s.purger.drain();
    expect(await s.database.db.select().from(projects).where(eq(projects.id, created.id))).toHaveLength(0);
    // the other project never stopped working
    const active = (await keysOf()).find((k) => !k.revoked_at)!;
    const alive = await send(s.url, s.projectId, active.public_key);
    expect(alive.status, await alive.clone().text()).toBe(200);
  });
});
