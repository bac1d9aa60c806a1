import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/index.js';

// Mutates a valid event at random places with random JSON values: whatever comes in, the answer is a
// 200 or a 4xx in the error envelope, never a 5xx. Seeded, so a failure can be replayed.
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const base = () => ({
  event_id: crypto.randomUUID(),
  timestamp: new Date().toISOString(),
  level: 'error',
  release: '1.0.0',
  tags: { a: 'b' },
  user: { id: 'u1' },
  request: { url: 'https://x', headers: { a: 'b' } },
  breadcrumbs: [{ message: 'm', data: { k: 1 } }],
  fingerprint: ['{{ default }}', 'x'],
  exception: {
    values: [
      {
        type: 'Error',
        value: 'boom 1',
        stack: 'Error: boom\n    at f (/app/a.js:1:1)',
        stacktrace: { frames: [{ filename: '/app/a.js', function: 'f', lineno: 1, in_app: true }] },
        mechanism: { type: 'generic', handled: true },
      },
    ],
  },
});

describe('ingest fuzz', () => {
  it('never answers 5xx to mutated events', async () => {
    const random = rng(42);
    const values: unknown[] = [
      null,
      0,
      -1,
      1e308,
      '',
      'x'.repeat(300),
      '\u0000\ud800',
      true,
      [],
      {},
      [[[]]],
      { values: 1 },
      [null],
    ];
    for (let round = 0; round < 300; round++) {
      const event = base() as Record<string, unknown>;
      for (let m = 0; m < 1 + Math.floor(random() * 3); m++) {
        // walk to a random object inside the event and replace one of its fields
        let target: Record<string, unknown> = event;
        for (let depth = 0; depth < 4; depth++) {
          const children = Object.values(target).filter(
            (v): v is Record<string, unknown> => typeof v === 'object' && v !== null,
          );
          if (!children.length || random() < 0.3) break;
          target = children[Math.floor(random() * children.length)]!;
        }
        const keys = Object.keys(target);
        const key = keys.length && random() < 0.8 ? keys[Math.floor(random() * keys.length)]! : 'extra_field';
        target[key] = structuredClone(values[Math.floor(random() * values.length)]);
      }
      const body = random() < 0.2 ? { events: [event, base()] } : event;
      const res = await s.ingest(body);
      expect(res.status, `round ${round}: ${JSON.stringify(body).slice(0, 500)}`).toBeLessThan(500);
      if (res.status !== 200)
        expect(((await res.json()) as { error: { message: string } }).error.message).toBeTruthy();
      else await res.body?.cancel();
    }
  });
});
