import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN, type TestServer } from '../testing/index.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const map = JSON.stringify({
  version: 3,
  file: 'app.min.js',
  sources: ['src/a.js'],
  names: [],
  mappings: 'AAAA',
  sourcesContent: ['x'],
});
function upload(fields: Record<string, string | Blob>, token = TEST_ADMIN.token) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return fetch(`${s.url}/api/projects/${s.projectId}/sourcemaps`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${token}` },
  });
}
const file = (text = map) => new Blob([text], { type: 'application/json' });

describe('source map uploads', () => {
  it('stores a map per release and URL, replaces it on re-upload, lists and deletes', async () => {
    const first = await upload({
      release: '1.0.0',
      url: 'https://cdn.example.com/assets/app.min.js?v=2',
      file: file(),
    });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({
      release: '1.0.0',
      url: '~/assets/app.min.js',
      size: map.length,
    });
    expect((await upload({ release: '1.0.0', url: '~/assets/app.min.js', file: file() })).status).toBe(201);
    await upload({
      release: '2.0.0',
      url: '~/assets/app.min.js',
      file: file(),
      debug_id: 'c9a6b2f1-3e4d-4f5a-8b6c-7d8e9f0a1b2c',
    });
    const all = (await (await s.api(`/api/projects/${s.projectId}/sourcemaps`)).json()) as {
      sourcemaps: Array<{ id: number; release: string }>;
    };
    expect(all.sourcemaps.map((m) => m.release).sort()).toEqual(['1.0.0', '2.0.0']);
    const v1 = (await (await s.api(`/api/projects/${s.projectId}/sourcemaps?release=1.0.0`)).json()) as {
      sourcemaps: Array<{ id: number }>;
    };
    expect(v1.sourcemaps).toHaveLength(1);
    expect(
      (await s.api(`/api/projects/${s.projectId}/sourcemaps/${v1.sourcemaps[0]!.id}`, { method: 'DELETE' }))
        .status,
    ).toBe(204);
    expect(
      (await s.api(`/api/projects/${s.projectId}/sourcemaps/${v1.sourcemaps[0]!.id}`, { method: 'DELETE' }))
        .status,
    ).toBe(404);
  });

  it('refuses public keys and read tokens, and bad uploads with a clear 4xx', async () => {
    expect((await upload({ release: '1', url: '~/a.js', file: file() }, s.publicKey)).status).toBe(401);
    const read = (await (
      await s.api('/api/tokens', {
        method: 'POST',
        body: JSON.stringify({ name: 'r', scopes: ['project:read'] }),
      })
    ).json()) as { token: string };
    expect((await upload({ release: '1', url: '~/a.js', file: file() }, read.token)).status).toBe(403);
    const cases: Array<[Record<string, string | Blob>, number, RegExp]> = [
      [{ url: '~/a.js', file: file() }, 400, /release/],
      [{ release: '1', file: file() }, 400, /url/],
      [{ release: '1', url: '~/a.js' }, 400, /file/],
      [{ release: '1', url: '~/a.js', file: file('not json') }, 400, /not JSON/],
      [{ release: '1', url: '~/a.js', file: file('{"version":2}') }, 400, /version 3/],
      [{ release: '1', url: '~/a.js', file: file(), debug_id: 'x' }, 400, /debug_id/],
    ];
    for (const [fields, status, message] of cases) {
      const res = await upload(fields);
      expect(res.status, JSON.stringify(Object.keys(fields))).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    const notMultipart = await s.api(`/api/projects/${s.projectId}/sourcemaps`, {
      method: 'POST',
      body: map,
    });
    expect(notMultipart.status).toBe(415);
  });

  it('answers 413 past 50 MiB', async () => {
    const big = new Blob([new Uint8Array(51 * 1024 * 1024).fill(0x20)]);
    const res = await upload({ release: '1', url: '~/big.js', file: big });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('a map that cannot be used leaves the frame as it was and records why; ingest still succeeds', async () => {
    const broken = JSON.stringify({ version: 3, sources: ['a.js'], names: [], mappings: ';;;;@@@@' });
    expect(
      (await upload({ release: '9.9.9', url: '~/static/broken.min.js', file: file(broken) })).status,
    ).toBe(201);
    const id = crypto.randomUUID().replace(/-/g, '');
    const res = await s.ingest({
      event_id: id,
      release: '9.9.9',
      exception: {
        values: [
          {
            type: 'Error',
            value: 'x',
            stack: 'Error: x\n    at t (https://example.com/static/broken.min.js:5:10)',
          },
        ],
      },
    });
    expect(res.status).toBe(200);
    const event = (await (await s.api(`/api/projects/${s.projectId}/events/${id}`)).json()) as {
      processing_errors: Array<{ type: string; message: string }>;
      exception: { values: Array<{ stacktrace: { frames: Array<{ filename: string; function: string }> } }> };
    };
    expect(event.processing_errors[0]).toMatchObject({ type: 'sourcemap' });
    expect(event.exception.values[0]!.stacktrace.frames[0]).toMatchObject({
      filename: 'https://example.com/static/broken.min.js',
      function: 't',
    });
  });
});
