// Refusing is the cheapest thing ingest does: decided from headers, before the body is read.
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, startTestServer, type TestServer } from '../testing/index.js';
import { createRateLimiter } from './rate-limit.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ ingest: { ...defaultConfig().ingest, rateLimit: { perSecond: 1, burst: 2 } } });
});
afterAll(() => s.close());

/** Sends headers and the first bytes of a body that never ends; resolves with the status if one comes. */
function answerToUnfinishedBody(
  path: string,
  headers: Record<string, string>,
): Promise<number | 'no answer'> {
  return new Promise((resolve) => {
    const { port } = new URL(s.url);
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path,
      headers: { 'content-length': '500000', ...headers },
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve('no answer');
    }, 2000);
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      req.destroy();
      resolve(res.statusCode!);
    });
    req.on('error', () => {});
    req.write('{"message": "never ends');
  });
}

const metric = async (line: RegExp) =>
  Number(line.exec(await (await fetch(`${s.url}/metrics`)).text())?.[1] ?? 0);

describe('refusals', () => {
  it('answers a bad key and an exhausted rate before the body arrives', async () => {
    const wrongKey = await answerToUnfinishedBody(`/api/${s.projectId}/events`, {
      'x-faultline-key': '0'.repeat(32),
    });
    expect(wrongKey).toBe(401);

    for (let i = 0; i < 3; i++) await s.ingest({ message: `spend ${i}` });
    const limited = await answerToUnfinishedBody(`/api/${s.projectId}/events`, {
      'x-faultline-key': s.publicKey,
    });
    expect(limited).toBe(429);
    const sentry = await answerToUnfinishedBody(`/api/${s.projectId}/store/?sentry_key=${s.publicKey}`, {});
    expect(sentry).toBe(429);
  });

  it('says how long to wait, in the error envelope and the headers Sentry SDKs read', async () => {
    const res = await s.ingest({ message: 'over the limit' });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(res.headers.get('x-sentry-rate-limits')).toMatch(/^\d+::key$/);
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(
      await metric(/faultline_ingest_refused_total\{reason="rate_limited"\} (\d+)/),
    ).toBeGreaterThanOrEqual(3);
    expect(
      await metric(/faultline_ingest_refused_total\{reason="unauthorized"\} (\d+)/),
    ).toBeGreaterThanOrEqual(1);
  });

  it('checks the key in an envelope header before decompressing the rest', async () => {
    // 8 MiB of zeros after the header: decompressing it all would be a 413, not a 401
    const header = `${JSON.stringify({ dsn: `http://${'0'.repeat(32)}@localhost/${s.projectId}` })}\n`;
    const bomb = gzipSync(Buffer.concat([Buffer.from(header), Buffer.alloc(8 * 1024 * 1024)]));
    const res = await fetch(`${s.url}/api/${s.projectId}/envelope/`, {
      method: 'POST',
      body: bomb,
      headers: { 'content-encoding': 'gzip' },
    });
    expect(res.status).toBe(401);
  });
});

describe('usage', () => {
  it('counts what was accepted, rate limited and dropped, per project', async () => {
    await new Promise((r) => setTimeout(r, 3000)); // the bucket refills
    const ok = await s.ingest({ events: [{ message: 'kept' }, { level: 'loud', message: 'invalid' }] });
    expect(ok.status).toBe(200);
    let limited = 0;
    for (let i = 0; i < 5; i++) if ((await s.ingest({ message: `burst ${i}` })).status === 429) limited++;
    expect(limited).toBeGreaterThan(0);
    const usage = (await (await s.api(`/api/projects/${s.projectId}/usage`)).json()) as Record<
      string,
      number
    >;
    expect(usage.accepted_24h).toBe(usage.stored_events);
    expect(usage.rate_limited_24h).toBeGreaterThanOrEqual(limited + 3); // and the ones above
    expect(usage.dropped_24h).toBeGreaterThanOrEqual(1);
    expect(usage.stored_bytes).toBeGreaterThan(0);
    expect(typeof usage.oldest_event_at).toBe('string');
    expect((await fetch(`${s.url}/api/projects/${s.projectId}/usage`)).status).toBe(401);
  });
});

describe('the per-key limiter', () => {
  it('forgets keys whose bucket has refilled: memory follows the active keys', () => {
    let t = 0;
    const limiter = createRateLimiter({ perSecond: 10, burst: 100 }, () => t);
    for (let i = 0; i < 10_000; i++) limiter.take(`key-${i}`, 5);
    expect(limiter.size).toBe(10_000);
    t = 60_000;
    expect(limiter.retryAfter('key-new')).toBe(0);
    expect(limiter.size).toBe(1);
  });

  it('lets a batch run into debt that the next requests wait out', () => {
    let t = 0;
    const limiter = createRateLimiter({ perSecond: 10, burst: 20 }, () => t);
    expect(limiter.retryAfter('k')).toBe(0);
    limiter.take('k', 50);
    expect(limiter.retryAfter('k')).toBe(4); // 31 tokens short at 10/s
    t = 3100;
    expect(limiter.retryAfter('k')).toBe(0);
  });
});
