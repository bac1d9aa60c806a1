import type { FaultlineEvent, Transport } from './types.js';

export interface TransportOptions {
  /** the ingest URL: {base}/api/{project_id}/events */
  url: string;
  publicKey: string;
  fetch: typeof fetch;
  /** events kept while the server cannot be reached; the oldest go first (default 100) */
  maxQueue?: number;
  log?: (message: string, detail?: unknown) => void;
}

export interface FaultlineTransport extends Transport {
  /** events dropped because the queue was full */
  readonly dropped: number;
}

const BATCH = 100;
const MAX_BACKOFF = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends events in batches of up to 100, one request at a time. Network errors and 5xx are retried
 * with exponential backoff and jitter; 429 and 503 wait as long as Retry-After says. Other 4xx are
 * final (the server refused those events). The queue is bounded: past it the oldest are dropped and
 * counted. Its timer never keeps a Node process alive.
 */
export function createTransport(o: TransportOptions): FaultlineTransport {
  const maxQueue = o.maxQueue ?? 100;
  const log = o.log ?? (() => {});
  const queue: FaultlineEvent[] = [];
  let sending: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let retryAt = 0;
  let attempts = 0;
  let dropped = 0;

  const trim = () => {
    while (queue.length > maxQueue) {
      queue.shift();
      dropped++;
    }
  };

  const schedule = (ms: number) => {
    if (timer !== undefined || sending) return;
    timer = setTimeout(run, ms);
    (timer as { unref?: () => void }).unref?.();
  };

  function run(): void {
    clearTimeout(timer);
    timer = undefined;
    if (sending || !queue.length) return;
    const batch = queue.splice(0, BATCH);
    sending = post(batch).finally(() => {
      sending = null;
      if (queue.length) schedule(Math.max(0, retryAt - Date.now()));
    });
  }

  async function post(batch: FaultlineEvent[]): Promise<void> {
    let wait: number | undefined;
    try {
      const res = await o.fetch(o.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-faultline-key': o.publicKey },
        body: JSON.stringify(batch.length === 1 ? batch[0] : { events: batch }),
      });
      if (res.ok || (res.status < 500 && res.status !== 429)) {
        if (!res.ok) log(`events refused (${res.status})`, await res.text().catch(() => ''));
        attempts = 0;
        retryAt = 0;
        return;
      }
      const after = Number(res.headers.get('retry-after'));
      if (after >= 0 && (res.status === 429 || res.status === 503)) wait = after * 1000;
      log(`server answered ${res.status}, retrying`);
    } catch (err) {
      log('could not reach the server, retrying', err);
    }
    // put the batch back in front, keeping the newest events if the queue overflows
    queue.unshift(...batch);
    trim();
    attempts++;
    retryAt = Date.now() + (wait ?? Math.min(MAX_BACKOFF, 500 * 2 ** attempts) * (0.5 + Math.random() / 2));
  }

  return {
    get dropped() {
      return dropped;
    },
    send(event) {
      queue.push(event);
      trim();
      schedule(Math.max(0, retryAt - Date.now()));
    },
    async flush(timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (queue.length || sending) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        if (sending) {
          // the timer is cleared once the send is done: a pending one would hold a Node process open
          let t: ReturnType<typeof setTimeout> | undefined;
          await Promise.race([sending, new Promise((r) => (t = setTimeout(r, left)))]);
          clearTimeout(t);
          continue;
        }
        const wait = retryAt - Date.now();
        if (wait > left) return false;
        if (wait > 0) await sleep(wait);
        run();
      }
      return true;
    },
    unload() {
      if (!queue.length) return;
      const body = JSON.stringify({ events: queue.splice(0, BATCH) });
      const url = `${o.url}?key=${o.publicKey}`;
      // a beacon survives the page; text/plain needs no CORS preflight
      if (!globalThis.navigator?.sendBeacon?.(url, body)) {
        o.fetch(url, {
          method: 'POST',
          body,
          keepalive: true,
          headers: { 'content-type': 'text/plain' },
        }).catch(() => {});
      }
    },
  };
}
