// One SDK's captureException CPU cost, in a process of its own (run.ts starts one per SDK).
import { createTransport as sentryTransport, makePromiseBuffer } from '@sentry/core';

const N = 20_000;
const DSN = 'http://0123456789abcdef0123456789abcdef@127.0.0.1:1/1';
let delivered = 0;

const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function setup(sdk: string): Promise<{ capture: (e: Error) => void; flush: () => Promise<unknown> }> {
  if (sdk === 'faultline') {
    const Faultline = await import('@faultline/sdk');
    const okFetch = (async (_url: unknown, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as { events?: unknown[] };
      delivered += body.events?.length ?? 1;
      return new Response('{}', { status: 200 });
    }) as typeof fetch;
    Faultline.init({ dsn: DSN, fetch: okFetch, maxQueue: N * 2, autoCapture: false });
    return { capture: (e) => void Faultline.captureException(e), flush: () => Faultline.flush(60_000) };
  }
  const Sentry = await import('@sentry/node');
  Sentry.init({
    dsn: DSN,
    // room for a burst of 50 (the default, 64 in flight, is just enough; this leaves no doubt)
    transportOptions: { bufferSize: 1000 },
    transport: (options) =>
      sentryTransport(
        options,
        async () => {
          delivered++;
          return { statusCode: 200 };
        },
        makePromiseBuffer(1000),
      ),
  });
  return { capture: (e) => void Sentry.captureException(e), flush: () => Sentry.flush(60_000) };
}

const sdk = process.argv[2]!;
const { capture, flush } = await setup(sdk);
for (let i = 0; i < 2000; i++) {
  capture(new Error(`warm ${i}`));
  if (i % 50 === 49) await flush();
}
delivered = 0;

// creating the Error and formatting its stack: the same for both SDKs, measured to be subtracted
let start = cpu();
for (let i = 0; i < N; i++) void new Error(`boom ${i}`).stack;
const errorCost = (cpu() - start) / N;

// in bursts of 50 captures, each delivered before the next: queues stay as small as in a real app
start = cpu();
const t = performance.now();
for (let i = 0; i < N; i += 50) {
  for (let j = i; j < i + 50; j++) capture(new Error(`boom ${j}`));
  await flush();
}
console.log(
  JSON.stringify({
    sdk,
    cpu: (cpu() - start) / N - errorCost,
    wall: ((performance.now() - t) * 1000) / N,
    errorCost,
    delivered,
    n: N,
  }),
);
process.exit(0);
