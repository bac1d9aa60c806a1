import { brotliCompressSync, deflateRawSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/index.js';

// The Sentry-compatible endpoints over real HTTP, with hand-made envelopes in every shape SDKs use.
// (Real @sentry/node and @sentry/browser run against them in test/sentry-*.test.ts.)
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({
    ingest: {
      ...(await import('../config.js')).defaultConfig().ingest,
      rateLimit: { perSecond: 0, burst: 0 },
    },
  });
});
afterAll(() => s.close());

const id = () => crypto.randomUUID().replace(/-/g, '');
const event = (eventId: string, extra: Record<string, unknown> = {}) => ({
  event_id: eventId,
  timestamp: Date.now() / 1000,
  platform: 'node',
  level: 'error',
  release: 'api@3.1.0',
  environment: 'production',
  exception: {
    values: [
      {
        type: 'Error',
        value: 'sentry shaped 1',
        stacktrace: {
          frames: [
            {
              filename: 'node:internal/process/task_queues',
              function: 'processTicksAndRejections',
              lineno: 95,
              in_app: false,
            },
            {
              filename: '/srv/api/src/orders.js',
              function: 'placeOrder',
              lineno: 12,
              colno: 5,
              in_app: true,
              context_line: 'throw err;',
            },
          ],
        },
        mechanism: { type: 'generic', handled: true },
      },
    ],
  },
  ...extra,
});
const envelope = (eventId: string, body: object, header: object = {}) =>
  `${JSON.stringify({ event_id: eventId, sent_at: new Date().toISOString(), ...header })}\n{"type":"event"}\n${JSON.stringify(body)}\n`;

const post = (path: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
  fetch(`${s.url}/api/${s.projectId}/${path}`, { method: 'POST', body, headers });

async function stored(eventId: string) {
  const res = await s.api(`/api/projects/${s.projectId}/events/${eventId}`);
  return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : null;
}

describe('Sentry envelope endpoint', () => {
  it('takes the key from sentry_key, X-Sentry-Auth, Authorization or the envelope DSN', async () => {
    const ways: Array<[string, Record<string, string>, object]> = [
      [`envelope/?sentry_key=${s.publicKey}&sentry_version=7`, {}, {}],
      [
        'envelope/',
        {
          'x-sentry-auth': `Sentry sentry_version=7, sentry_client=sentry.javascript.node/11, sentry_key=${s.publicKey}`,
        },
        {},
      ],
      ['envelope/', { authorization: `Sentry sentry_key=${s.publicKey}, sentry_version=7` }, {}],
      ['envelope/', {}, { dsn: `http://${s.publicKey}@127.0.0.1/${s.projectId}` }],
    ];
    for (const [path, headers, header] of ways) {
      const eventId = id();
      const res = await post(path, envelope(eventId, event(eventId), header), headers);
      expect(res.status, path).toBe(200);
      expect(await res.json()).toEqual({ id: eventId });
      expect(await stored(eventId)).toMatchObject({ release: 'api@3.1.0' });
    }
  });

  it('refuses a missing, unknown or other project key', async () => {
    const eventId = id();
    expect((await post('envelope/', envelope(eventId, event(eventId)))).status).toBe(401);
    expect(
      (await post(`envelope/?sentry_key=${'a'.repeat(32)}`, envelope(eventId, event(eventId)))).status,
    ).toBe(401);
    const other = (await (
      await s.api('/api/projects', { method: 'POST', body: JSON.stringify({ name: 'Sentry other' }) })
    ).json()) as {
      public_key: string;
    };
    expect(
      (await post(`envelope/?sentry_key=${other.public_key}`, envelope(eventId, event(eventId)))).status,
    ).toBe(403);
  });

  it('accepts every encoding and content type real SDKs send', async () => {
    const variants: Array<[string, (b: Buffer) => Buffer, Record<string, string>]> = [
      ['none, no content type', (b) => b, {}],
      ['text/plain', (b) => b, { 'content-type': 'text/plain;charset=UTF-8' }],
      ['UTF-8 as encoding', (b) => b, { 'content-encoding': 'UTF-8' }],
      ['gzip', gzipSync, { 'content-encoding': 'gzip', 'content-type': 'application/x-sentry-envelope' }],
      ['raw deflate', deflateRawSync, { 'content-encoding': 'deflate' }],
      ['br', brotliCompressSync, { 'content-encoding': 'br' }],
    ];
    for (const [name, encode, headers] of variants) {
      const eventId = id();
      const res = await post(
        `envelope/?sentry_key=${s.publicKey}`,
        encode(Buffer.from(envelope(eventId, event(eventId)))),
        headers,
      );
      expect(res.status, name).toBe(200);
      expect(await stored(eventId), name).not.toBeNull();
    }
  });

  it('maps the event: frames with in_app, logentry templates, breadcrumbs in values', async () => {
    const eventId = id();
    const body = event(eventId, {
      breadcrumbs: { values: [{ category: 'http', message: 'GET /x', timestamp: Date.now() / 1000 }] },
      tags: { shard: 3 },
    });
    await post(`envelope/?sentry_key=${s.publicKey}`, envelope(eventId, body));
    const e = (await stored(eventId)) as {
      issue_id: number;
      breadcrumbs: Array<{ message: string }>;
      tags: Record<string, string>;
      exception: {
        values: Array<{ stacktrace: { frames: Array<{ in_app: boolean; context_line?: string }> } }>;
      };
    };
    expect(e.breadcrumbs[0]!.message).toBe('GET /x');
    expect(e.tags.shard).toBe('3');
    expect(e.exception.values[0]!.stacktrace.frames.map((f) => f.in_app)).toEqual([false, true]);
    const issue = (await (await s.api(`/api/projects/${s.projectId}/issues/${e.issue_id}`)).json()) as {
      culprit: string;
    };
    expect(issue.culprit).toBe('src/orders.js in placeOrder');

    const a = id();
    const b = id();
    for (const [eid, user] of [
      [a, 'ann'],
      [b, 'bob'],
    ]) {
      const msg = {
        event_id: eid,
        level: 'log',
        logentry: { message: 'User %s logged in', params: [user] },
        message: `User ${user} logged in`,
      };
      expect((await post(`envelope/?sentry_key=${s.publicKey}`, envelope(eid!, msg))).status).toBe(200);
    }
    const [ea, eb] = [(await stored(a!))!, (await stored(b!))!];
    expect(ea.issue_id).toBe(eb.issue_id);
    expect(ea.level).toBe('info');
  });

  it('skips sessions, client reports, transactions and attachments without creating issues', async () => {
    const before = (
      (await (await s.api(`/api/projects/${s.projectId}/issues?status=all&limit=100`)).json()) as {
        issues: unknown[];
      }
    ).issues.length;
    const session = JSON.stringify({
      sid: id(),
      status: 'ok',
      started: new Date().toISOString(),
      attrs: { release: 'api@3.1.0' },
    });
    const body = [
      JSON.stringify({ sent_at: new Date().toISOString() }),
      JSON.stringify({ type: 'session' }),
      session,
      JSON.stringify({ type: 'client_report' }),
      JSON.stringify({ timestamp: 1, discarded_events: [] }),
      JSON.stringify({ type: 'transaction', length: 2 }),
      '{}',
      JSON.stringify({ type: 'attachment', length: 5, filename: 'x.bin' }),
      'a\nb\nc',
      '',
    ].join('\n');
    const res = await post(`envelope/?sentry_key=${s.publicKey}`, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: null });
    const after = (
      (await (await s.api(`/api/projects/${s.projectId}/issues?status=all&limit=100`)).json()) as {
        issues: unknown[];
      }
    ).issues.length;
    expect(after).toBe(before);
    expect(await (await fetch(`${s.url}/metrics`)).text()).toMatch(
      /faultline_sentry_items_skipped_total\{type="session"\} \d+/,
    );
  });

  it('answers CORS preflights with the headers browsers need', async () => {
    const res = await fetch(`${s.url}/api/${s.projectId}/envelope/?sentry_key=${s.publicKey}`, {
      method: 'OPTIONS',
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toBe('Retry-After, X-Sentry-Rate-Limits');
  });
});

describe('Sentry store endpoint', () => {
  it('stores a plain event body', async () => {
    const eventId = id();
    const res = await post('store/', JSON.stringify(event(eventId)), {
      'x-sentry-auth': `Sentry sentry_key=${s.publicKey}`,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: eventId });
    expect(await stored(eventId)).not.toBeNull();
  });
});

describe('rate limits', () => {
  it('answer 429 with Retry-After and X-Sentry-Rate-Limits', async () => {
    const limited = await startTestServer({
      ingest: {
        ...(await import('../config.js')).defaultConfig().ingest,
        rateLimit: { perSecond: 1, burst: 2 },
      },
    });
    try {
      const send = () => {
        const eventId = id();
        return fetch(`${limited.url}/api/${limited.projectId}/envelope/?sentry_key=${limited.publicKey}`, {
          method: 'POST',
          body: envelope(eventId, event(eventId)),
        });
      };
      expect((await send()).status).toBe(200);
      expect((await send()).status).toBe(200);
      const res = await send();
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(res.headers.get('x-sentry-rate-limits')).toMatch(/^\d+::key$/);
      const native = await limited.ingest({ message: 'native too' });
      expect(native.status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
