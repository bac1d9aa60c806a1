import { afterEach, describe, expect, it } from 'vitest';
import { recordingServer } from './test-server.js';
import { createTransport } from './transport.js';
import type { FaultlineEvent } from './types.js';

const event = (id: number): FaultlineEvent => ({
  event_id: id.toString(16).padStart(32, '0'),
  timestamp: Date.now() / 1000,
  platform: 'node',
  level: 'error',
  message: `event ${id}`,
  sdk: { name: 't', version: '0' },
});
const ids = (body: string) => {
  const parsed = JSON.parse(body) as FaultlineEvent | { events: FaultlineEvent[] };
  return ('events' in parsed ? parsed.events : [parsed]).map((e) => e.event_id);
};

let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());

describe('transport', () => {
  it('batches events captured together into one request with the key header', async () => {
    const srv = await recordingServer(() => ({ status: 200 }));
    close = srv.close;
    const t = createTransport({
      url: `${srv.url}/api/1/events`,
      publicKey: 'k'.repeat(32),
      fetch,
      maxQueue: 500,
    });
    for (let i = 0; i < 150; i++) t.send(event(i));
    expect(await t.flush(5000)).toBe(true);
    expect(srv.received.map((r) => ids(r.body).length)).toEqual([100, 50]);
    expect(srv.received[0]!.headers['x-faultline-key']).toBe('k'.repeat(32));
  });

  it('honours 429/503 Retry-After, retries 5xx, and delivers every event exactly once', async () => {
    const answers = [
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 503, headers: { 'retry-after': '0' } },
      { status: 500 },
    ];
    const srv = await recordingServer((_r, n) => answers[n - 1] ?? { status: 200 });
    close = srv.close;
    const t = createTransport({ url: `${srv.url}/api/1/events`, publicKey: 'k', fetch });
    const started = Date.now();
    for (let i = 0; i < 5; i++) t.send(event(i));
    expect(await t.flush(10_000)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // waited as Retry-After said
    const delivered = ids(srv.received[srv.received.length - 1]!.body);
    expect(delivered.sort()).toEqual([0, 1, 2, 3, 4].map((i) => event(i).event_id));
    expect(srv.received).toHaveLength(4);
  });

  it('drops what the server refuses with a 4xx instead of retrying forever', async () => {
    const srv = await recordingServer(() => ({
      status: 400,
      body: '{"error":{"code":"bad_request","message":"no"}}',
    }));
    close = srv.close;
    const t = createTransport({ url: `${srv.url}/api/1/events`, publicKey: 'k', fetch });
    t.send(event(1));
    expect(await t.flush(2000)).toBe(true);
    expect(srv.received).toHaveLength(1);
  });

  it('keeps a bounded queue while the server is down, dropping the oldest', async () => {
    const t = createTransport({
      url: 'http://127.0.0.1:9/api/1/events',
      publicKey: 'k',
      fetch,
      maxQueue: 10,
    });
    for (let i = 0; i < 25; i++) t.send(event(i));
    expect(await t.flush(300)).toBe(false);
    expect(t.dropped).toBeGreaterThanOrEqual(15);
  });
});
