// Client input that used to reach the database or a throwing builtin and come back as a 5xx.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, TEST_ADMIN, type TestServer } from '../testing/index.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const hex32 = () => crypto.randomUUID().replace(/-/g, '');
const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function expect4xx(res: Response, status = 400): Promise<void> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(res.status, body.error.message).toBe(status);
  expect(body.error.message.length).toBeGreaterThan(0);
}

describe('input that used to answer 5xx', () => {
  it('NUL characters and bad percent-encoding in a URL are a 400', async () => {
    await expect4xx(await s.api(`/api/projects/${s.projectId}/issues?query=%00`));
    await expect4xx(await s.api(`/api/projects/${s.projectId}/issues?environment=a%00b`));
    await expect4xx(await fetch(`${s.url}/%E0%A4%A`));
    await expect4xx(await s.api(`/api/projects/%E0%A4%A/issues`));
  });

  it('cursors that were not written by the server are a 400', async () => {
    const base = `/api/projects/${s.projectId}/issues`;
    await expect4xx(await s.api(`${base}?cursor=abc`));
    await expect4xx(await s.api(`${base}?sort=count&cursor=${cursor([1e300, 1])}`));
    await expect4xx(await s.api(`${base}?sort=count&cursor=${cursor([5, 'x'])}`));
    await expect4xx(await s.api(`${base}?cursor=${cursor(['+275760-09-13T00:00:00.000Z', 1])}`));
    await expect4xx(await s.api(`${base}?cursor=${cursor(['2026-01-01T00:00:00Z', 99_999_999_999])}`));
  });

  it('stores an event with NUL characters in every kind of string, without them', async () => {
    const nul = 'a\u0000b';
    const id = hex32();
    const res = await s.ingest({
      event_id: id,
      release: nul,
      environment: nul,
      platform: nul,
      server_name: nul,
      logger: nul,
      transaction: nul,
      fingerprint: [nul],
      exception: {
        values: [
          {
            type: nul,
            value: nul,
            stacktrace: { frames: [{ filename: nul, function: nul, context_line: nul, pre_context: [nul] }] },
            mechanism: { type: nul, [nul]: nul },
          },
        ],
      },
      tags: { [nul]: nul },
      user: { id: nul, [nul]: nul },
      extra: { [nul]: [nul, { [nul]: nul }] },
      contexts: { os: { name: nul } },
      request: { url: nul, headers: { [nul]: nul } },
      breadcrumbs: [{ message: nul, category: nul, type: nul, level: nul, data: { [nul]: nul } }],
      sdk: { name: nul },
      debug_meta: { images: [{ type: nul, code_file: nul, debug_id: nul }] },
    });
    expect(res.status).toBe(200);
    const stored = await (await s.api(`/api/projects/${s.projectId}/events/${id}`)).text();
    expect(stored).not.toContain('\\u0000');
    expect(JSON.parse(stored)).toMatchObject({ release: 'ab', environment: 'ab', tags: { ab: 'ab' } });
  });

  it('out-of-range timestamps in an event are replaced, not stored', async () => {
    for (const timestamp of [1e20, -1e20, '+275760-09-13T00:00:00.000Z', '-200000-01-01T00:00:00.000Z']) {
      const res = await s.ingest({
        message: 'time travel',
        timestamp,
        breadcrumbs: [{ timestamp: 1e20, message: 'x' }, { timestamp: -1e20 }],
      });
      expect(res.status, String(timestamp)).toBe(200);
    }
  });

  it('deploy times and ignore limits out of range are a 400', async () => {
    const deploy = (body: object) =>
      s.api(`/api/projects/${s.projectId}/deploys`, {
        method: 'POST',
        body: JSON.stringify({ release: '1.0.0', environment: 'production', ...body }),
      });
    await expect4xx(await deploy({ finished_at: '-200000-01-01T00:00:00.000Z' }));
    await expect4xx(await deploy({ started_at: '+275760-09-13T00:00:00.000Z' }));
    expect((await deploy({})).status).toBe(201);

    const id = hex32();
    await s.ingest({ event_id: id, message: 'to be ignored' });
    const event = (await (await s.api(`/api/projects/${s.projectId}/events/${id}`)).json()) as {
      issue_id: number;
    };
    const patch = (body: object) =>
      s.api(`/api/projects/${s.projectId}/issues/${event.issue_id}`, {
        method: 'PATCH',
        body: JSON.stringify(body),
      });
    await expect4xx(await patch({ status: 'ignored', ignore_count: 1e20 }));
    await expect4xx(await patch({ status: 'ignored', ignore_until: '+275760-09-13T00:00:00.000Z' }));
    expect((await patch({ status: 'ignored', ignore_count: 5 })).status).toBe(200);
  });

  it('the same debug_id uploaded for a second URL is a 409', async () => {
    const upload = (url: string) => {
      const form = new FormData();
      form.set('release', '1.0.0');
      form.set('url', url);
      form.set('debug_id', 'c9a6b2f1-3e4d-4f5a-8b6c-7d8e9f0a1b2c');
      form.set('file', new Blob([JSON.stringify({ version: 3, sources: [], names: [], mappings: '' })]));
      return fetch(`${s.url}/api/projects/${s.projectId}/sourcemaps`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${TEST_ADMIN.token}` },
      });
    };
    expect((await upload('~/a.min.js')).status).toBe(201);
    await expect4xx(await upload('~/b.min.js'), 409);
  });

  it('a client that goes away mid-body is not an error of ours', async () => {
    const errors = vi.spyOn(console, 'error');
    try {
      await new Promise<void>((resolve) => {
        const { port } = new URL(s.url);
        const req = request({
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: `/api/${s.projectId}/events`,
          headers: { 'x-faultline-key': s.publicKey, 'content-length': '1000' },
        });
        req.on('error', () => resolve());
        req.write('{"message": "cut');
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 100);
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(errors).not.toHaveBeenCalled();
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    } finally {
      errors.mockRestore();
    }
  });
});
