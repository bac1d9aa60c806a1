import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/index.js';

// Truncated, garbled and oversized envelopes: every answer is a 200 (when what is left still is a
// valid envelope) or a 4xx with a message, never a 5xx; and the server keeps serving.
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x7fffffff);
}

const valid = () => {
  const eventId = crypto.randomUUID().replace(/-/g, '');
  const event = JSON.stringify({
    event_id: eventId,
    exception: {
      values: [
        {
          type: 'Error',
          value: 'fuzz',
          stacktrace: { frames: [{ filename: '/a.js', function: 'f', in_app: true }] },
        },
      ],
    },
  });
  return Buffer.from(
    `{"event_id":"${eventId}"}\n{"type":"event","length":${Buffer.byteLength(event)}}\n${event}\n{"type":"attachment","length":3}\nabc\n{"type":"session"}\n{"sid":"x"}\n`,
  );
};

describe('envelope fuzz', () => {
  it('never answers 5xx', async () => {
    const random = rng(7);
    const statuses = new Map<number, number>();
    for (let round = 0; round < 300; round++) {
      let body = valid();
      const kind = round % 3;
      if (kind === 0) body = body.subarray(0, Math.floor(random() * body.length)); // truncated
      if (kind === 1) {
        body = Buffer.from(body); // garbled
        for (let i = 0; i < 1 + random() * 5; i++)
          body[Math.floor(random() * body.length)] = Math.floor(random() * 256);
      }
      if (kind === 2 && round % 30 === 2) body = Buffer.concat([body, Buffer.alloc(1024 * 1024 + 1, 0x20)]); // oversized
      const res = await fetch(`${s.url}/api/${s.projectId}/envelope/?sentry_key=${s.publicKey}`, {
        method: 'POST',
        body,
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `round ${round}`).toBeLessThan(500);
      if (res.status >= 400)
        expect(((await res.json()) as { error: { message: string } }).error.message).toBeTruthy();
      else await res.body?.cancel();
    }
    expect(statuses.get(413)).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(0);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });
});
