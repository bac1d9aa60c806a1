import { gzipSync, deflateSync, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/index.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const event = (extra: Record<string, unknown> = {}) => ({
  exception: {
    values: [
      {
        type: 'TypeError',
        value: 'x is undefined',
        stack: 'TypeError: x is undefined\n    at f (/app/src/a.js:3:9)',
      },
    ],
  },
  release: '1.0.0',
  environment: 'production',
  ...extra,
});
const hex32 = () => crypto.randomUUID().replace(/-/g, '');

async function issueCount(): Promise<number> {
  const res = await s.api(`/api/projects/${s.projectId}/issues?status=all&limit=100`);
  const body = (await res.json()) as { issues: Array<{ count: number }> };
  return body.issues.reduce((n, i) => n + i.count, 0);
}

describe('POST /api/{project_id}/events', () => {
  it('stores a single event and answers with its id after commit', async () => {
    const id = hex32();
    const res = await s.ingest(event({ event_id: id }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ids: [id], rejected: [] });
    const stored = await s.api(`/api/projects/${s.projectId}/events/${id}`);
    expect(stored.status).toBe(200);
    expect(((await stored.json()) as { release: string }).release).toBe('1.0.0');
  });

  it('accepts a batch and lists invalid events in rejected, storing the valid ones', async () => {
    const ids = [hex32(), hex32()];
    const res = await s.ingest({
      events: [event({ event_id: ids[0] }), { level: 'loud', message: 'x' }, event({ event_id: ids[1] })],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      ids: string[];
      rejected: Array<{ index: number; error: { code: string; message: string } }>;
    };
    expect(body.ids).toEqual(ids);
    expect(body.rejected).toHaveLength(1);
    expect(body.rejected[0]).toMatchObject({ index: 1, error: { code: 'bad_request' } });
    expect(body.rejected[0]!.error.message).toContain('level');
    for (const id of ids) expect((await s.api(`/api/projects/${s.projectId}/events/${id}`)).status).toBe(200);
  });

  it('is idempotent by event_id: a retry is stored and counted once', async () => {
    const before = await issueCount();
    const id = crypto.randomUUID();
    for (let i = 0; i < 3; i++) expect((await s.ingest(event({ event_id: id }))).status).toBe(200);
    // also twice in one batch
    expect((await s.ingest({ events: [event({ event_id: id }), event({ event_id: id })] })).status).toBe(200);
    expect(await issueCount()).toBe(before + 1);
  });

  it('accepts gzip and deflate (zlib and raw) bodies', async () => {
    for (const [encoding, encode] of [
      ['gzip', gzipSync],
      ['deflate', deflateSync],
      ['deflate', deflateRawSync],
    ] as const) {
      const id = hex32();
      const res = await s.ingest(encode(Buffer.from(JSON.stringify(event({ event_id: id })))), {
        headers: { 'content-encoding': encoding },
      });
      expect(res.status, encoding).toBe(200);
      expect(((await res.json()) as { ids: string[] }).ids).toEqual([id]);
    }
  });

  it('accepts text/plain and a missing Content-Type (sendBeacon), and the key in the query', async () => {
    const plain = await fetch(`${s.url}/api/${s.projectId}/events?key=${s.publicKey}`, {
      method: 'POST',
      body: JSON.stringify(event()),
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });
    expect(plain.status).toBe(200);
    const none = await fetch(`${s.url}/api/${s.projectId}/events?key=${s.publicKey}`, {
      method: 'POST',
      body: new Blob([JSON.stringify(event())]),
    });
    expect(none.status).toBe(200);
  });

  it('answers CORS preflights and puts CORS headers on replies, errors included', async () => {
    const pre = await fetch(`${s.url}/api/${s.projectId}/events`, { method: 'OPTIONS' });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/X-Faultline-Key/i);
    const bad = await s.ingest('{', {});
    expect(bad.headers.get('access-control-allow-origin')).toBe('*');
    expect(bad.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });
});

describe('bad input gets the right 4xx and the server keeps serving', () => {
  const cases: Array<[string, () => Promise<Response>, number, RegExp]> = [
    ['malformed JSON', () => s.ingest('{"exception": '), 400, /not valid JSON/],
    ['a JSON array', () => s.ingest('[1,2]'), 400, /event object/],
    ['a string', () => s.ingest('"hi"'), 400, /event object/],
    ['no message nor exception', () => s.ingest({ level: 'error' }), 400, /message or an exception/],
    ['wrong type of level', () => s.ingest(event({ level: 3 })), 400, /level/],
    [
      'wrong type of exception type',
      () => s.ingest({ exception: { values: [{ type: 5, value: 'x' }] } }),
      400,
      /exception\.values\[0\]\.type/,
    ],
    ['tags of objects', () => s.ingest(event({ tags: { a: { b: 1 } } })), 400, /tags\.a/],
    ['a bad event_id', () => s.ingest(event({ event_id: 'nope' })), 400, /event_id/],
    ['a bad timestamp', () => s.ingest(event({ timestamp: 'yesterday' })), 400, /timestamp/],
    [
      'frames that are not an array',
      () => s.ingest({ exception: { values: [{ type: 'E', stacktrace: { frames: 'x' } }] } }),
      400,
      /frames/,
    ],
    [
      'too many events',
      () => s.ingest({ events: Array.from({ length: 101 }, () => event()) }),
      400,
      /1 to 100/,
    ],
    ['events not an array', () => s.ingest({ events: {} }), 400, /array/],
    [
      'a deeply nested body',
      () => s.ingest(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`),
      400,
      /nested deeper/,
    ],
    [
      'bad gzip',
      () => s.ingest(Buffer.from('not gzip at all'), { headers: { 'content-encoding': 'gzip' } }),
      400,
      /gzip/,
    ],
    [
      'an unknown encoding',
      () => s.ingest(Buffer.from('{}'), { headers: { 'content-encoding': 'zstd' } }),
      415,
      /zstd/,
    ],
    [
      'an unsupported content type',
      () => s.ingest(event(), { headers: { 'content-type': 'application/xml' } }),
      415,
      /Content-Type/,
    ],
    [
      'a body over 1 MiB',
      () => s.ingest({ message: 'x'.repeat(1024 * 1024 + 10) }),
      413,
      /larger than 1 MiB/,
    ],
    [
      'a decompression bomb',
      () =>
        s.ingest(gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)), { headers: { 'content-encoding': 'gzip' } }),
      413,
      /decompressed body/,
    ],
    [
      'no key',
      () => fetch(`${s.url}/api/${s.projectId}/events`, { method: 'POST', body: '{}' }),
      401,
      /missing public key/,
    ],
    [
      'a wrong key',
      () => s.ingest(event(), { headers: { 'x-faultline-key': 'f'.repeat(32) } }),
      401,
      /invalid public key/,
    ],
    [
      'a garbage key',
      () => s.ingest(event(), { headers: { 'x-faultline-key': '<script>' } }),
      401,
      /invalid public key/,
    ],
  ];

  it.each(cases)('%s', async (_name, send, status, message) => {
    const res = await send();
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toMatch(message);
    expect(typeof body.error.code).toBe('string');
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it("refuses another project's key with 403", async () => {
    const res = await s.api('/api/projects', {
      method: 'POST',
      body: JSON.stringify({ name: 'Other shop' }),
    });
    expect(res.status).toBe(201);
    const other = (await res.json()) as { id: number; public_key: string };
    const wrong = await s.ingest(event(), { headers: { 'x-faultline-key': other.public_key } });
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    const right = await s.ingest(event(), {
      projectId: other.id,
      headers: { 'x-faultline-key': other.public_key },
    });
    expect(right.status).toBe(200);
  });

  it('bounds strings and scrubs secrets before storing', async () => {
    const id = hex32();
    const res = await s.ingest({
      event_id: id,
      message: 'm'.repeat(20_000) + '\u0000',
      request: { url: 'https://x', headers: { Authorization: 'Bearer abc', Cookie: 'sid=1', Accept: '*/*' } },
      extra: {
        password: 'hunter2',
        card: '4111 1111 1111 1111',
        note: 'paid with 4111111111111111',
        lone: '\ud800',
      },
    });
    expect(res.status).toBe(200);
    const stored = (await (await s.api(`/api/projects/${s.projectId}/events/${id}`)).json()) as {
      message: string;
      request: { headers: Record<string, string> };
      extra: Record<string, string>;
    };
    expect(stored.message.length).toBeLessThanOrEqual(8192);
    expect(stored.request.headers).toEqual({
      Authorization: '[Filtered]',
      Cookie: '[Filtered]',
      Accept: '*/*',
    });
    expect(stored.extra.password).toBe('[Filtered]');
    expect(stored.extra.card).toBe('[Filtered]');
    expect(stored.extra.note).toBe('paid with [Filtered]');
  });
});
