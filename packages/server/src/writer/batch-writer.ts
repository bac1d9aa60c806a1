import { isUnavailable } from '../db/errors.js';
import { withTimeout } from '../db/timeout.js';
import { ApiError } from '../http/errors.js';
import type { IncomingEvent } from '../ingest/normalize.js';

export interface BatchWriterOptions {
  persist: (batch: IncomingEvent[]) => Promise<void>;
  /** events per transaction */
  maxBatch: number;
  /** events waiting or being written; past it, submit() refuses with 503 */
  maxQueue: number;
  /** transactions in flight at once (1 for PGlite, which runs one query at a time anyway) */
  concurrency?: number;
  /**
   * How long submit() waits for its commit before answering 503 (ms). The write goes on: if it
   * commits later, the client's retry with the same event_id is a no-op, so nothing is counted twice.
   */
  waitMs?: number;
  /** told when a write failed because the database is away, or a commit took longer than waitMs */
  onUnavailable?: (err: unknown, timedOut: boolean) => void;
  log?: (message: string, err: unknown) => void;
}

export interface BatchWriter {
  /** Resolves once every event is committed; rejects with a 503 ApiError when it cannot be. */
  submit(events: IncomingEvent[]): Promise<void>;
  /** Stops taking events and resolves when everything submitted is written. */
  drain(): Promise<void>;
  readonly queued: number;
}

interface Pending {
  events: IncomingEvent[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: requests that arrive while a transaction is running wait together and go into the
 * next one, so throughput grows with load instead of being capped by one INSERT per request.
 */
export function createBatchWriter(options: BatchWriterOptions): BatchWriter {
  const log = options.log ?? ((m, err) => console.error(m, err));
  const pending: Pending[] = [];
  let queued = 0;
  const concurrency = options.concurrency ?? 1;
  const running = new Set<Promise<void>>();
  let closed = false;

  async function write(group: Pending[]): Promise<void> {
    try {
      await options.persist(group.flatMap((p) => p.events));
      for (const p of group) p.resolve();
    } catch (err) {
      const down = isUnavailable(err);
      if (group.length > 1 && !down) {
        // one bad request must not fail the others: retry them one by one
        for (const p of group) await write([p]);
        return;
      }
      if (down) options.onUnavailable?.(err, false);
      else log('faultline: could not store events', err);
      const refusal = new ApiError('unavailable', 'events could not be stored, retry later', {
        retryAfter: 5,
      });
      for (const p of group) p.reject(refusal);
    }
  }

  function kick(): void {
    if (running.size >= concurrency) return;
    const worker: Promise<void> = loop().finally(() => {
      running.delete(worker);
      if (pending.length) kick();
    });
    running.add(worker);
  }

  async function loop(): Promise<void> {
    // let the requests already parsed in this tick join the batch
    await new Promise((r) => setImmediate(r));
    while (pending.length) {
      const group: Pending[] = [];
      let size = 0;
      while (pending.length && (size === 0 || size + pending[0]!.events.length <= options.maxBatch)) {
        const p = pending.shift()!;
        group.push(p);
        size += p.events.length;
      }
      // more waiting than this transaction takes: let another one start beside it
      if (pending.length) kick();
      await write(group);
      queued -= size;
    }
  }

  return {
    get queued() {
      return queued;
    },
    submit(events) {
      if (closed)
        return Promise.reject(new ApiError('unavailable', 'the server is shutting down', { retryAfter: 5 }));
      if (!events.length) return Promise.resolve();
      if (queued + events.length > options.maxQueue) {
        return Promise.reject(
          new ApiError('unavailable', 'the ingest queue is full, retry later', { retryAfter: 1 }),
        );
      }
      queued += events.length;
      const written = new Promise<void>((resolve, reject) => {
        pending.push({ events, resolve, reject });
        kick();
      });
      if (!options.waitMs) return written;
      return withTimeout(written, options.waitMs, () => {
        const err = new ApiError('unavailable', 'the database is not answering, retry later', {
          retryAfter: 5,
        });
        options.onUnavailable?.(err, true);
        return err;
      });
    },
    async drain() {
      closed = true;
      while (running.size) await Promise.all(running);
    },
  };
}
