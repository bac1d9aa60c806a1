import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/errors.js';
import type { IncomingEvent } from '../ingest/normalize.js';
import { createBatchWriter } from './batch-writer.js';

// The writer's own logic, with persist() standing in for the database so the test controls when a
// transaction ends. The real database path is covered by every ingest test.
const ev = (n: number) => Array.from({ length: n }, () => ({}) as IncomingEvent);

describe('batch writer', () => {
  it('groups submissions that arrive during a transaction into the next one', async () => {
    const batches: number[] = [];
    let release!: () => void;
    const writer = createBatchWriter({
      persist: async (b) => {
        batches.push(b.length);
        if (batches.length === 1) await new Promise<void>((r) => (release = r));
      },
      maxBatch: 1000,
      maxQueue: 10_000,
    });
    const first = writer.submit(ev(1));
    await new Promise((r) => setTimeout(r, 10));
    const rest = Array.from({ length: 20 }, () => writer.submit(ev(2)));
    release();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([1, 40]);
  });

  it('refuses with 503 + Retry-After when the queue is full, and never drops what it accepted', async () => {
    let stored = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const writer = createBatchWriter({
      persist: async (b) => {
        await gate;
        stored += b.length;
      },
      maxBatch: 10,
      maxQueue: 25,
    });
    const accepted = [writer.submit(ev(10)), writer.submit(ev(10))];
    const refused = await writer.submit(ev(10)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 503, options: { retryAfter: 1 } });
    release();
    await Promise.all(accepted);
    expect(stored).toBe(20);
    expect(writer.queued).toBe(0);
  });

  it('isolates a failing submission from the others of its batch', async () => {
    const writer = createBatchWriter({
      persist: async (b) => {
        if (b.some((e) => (e as unknown as { bad?: boolean }).bad)) throw new Error('boom');
      },
      maxBatch: 100,
      maxQueue: 100,
      log: () => {},
    });
    const good = writer.submit(ev(3));
    const bad = writer.submit([{ bad: true } as unknown as IncomingEvent]);
    await expect(good).resolves.toBeUndefined();
    await expect(bad).rejects.toMatchObject({ status: 503 });
  });

  it('drains: everything submitted before is written, later submissions are refused', async () => {
    let stored = 0;
    const writer = createBatchWriter({
      persist: async (b) => void (stored += b.length),
      maxBatch: 5,
      maxQueue: 100,
    });
    const pending = Array.from({ length: 7 }, () => writer.submit(ev(3)));
    await writer.drain();
    await Promise.all(pending);
    expect(stored).toBe(21);
    await expect(writer.submit(ev(1))).rejects.toMatchObject({ status: 503 });
  });
});
