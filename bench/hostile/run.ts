// A hostile stream against a real server process: 10,000 requests (by default) that anyone holding a
// DSN could send — pathological stacks, NUL characters, absurd times, garbage envelopes, compression
// bombs, wrong keys, bad URLs — from 20 clients at once. Prints how many answers were 5xx and how many
// took longer than a second (both should be 0), and the latency percentiles.
// Usage: pnpm bench:hostile [requests]   (DATABASE_URL=postgres://… to run on PostgreSQL)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { freePort, startServerProcess } from '../../test/helpers/process.js';

const REQUESTS = Number(process.argv[2] ?? 10_000);
const CLIENTS = 20;
const TOKEN = 'flt_bench_hostile_token';

const dataDir = mkdtempSync(join(tmpdir(), 'faultline-hostile-'));
const server = await startServerProcess({
  PORT: String(await freePort()),
  FAULTLINE_DATA_DIR: dataDir,
  FAULTLINE_ADMIN_TOKEN: TOKEN,
  FAULTLINE_RATE_LIMIT: '0',
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
});
const { projects } = (await (
  await fetch(`${server.url}/api/projects`, { headers: { authorization: `Bearer ${TOKEN}` } })
).json()) as { projects: Array<{ id: number; public_key: string }> };
const { id, public_key: key } = projects[0]!;

const chain = (stack: string) => ({
  exception: { values: Array.from({ length: 10 }, () => ({ type: 'Error', value: 'boom', stack })) },
});
const nul = 'a\u0000b';
const bodies: Array<{ path: string; body: Buffer | string; headers: Record<string, string> }> = [];
const native = (event: unknown, gzip = true) => ({
  path: `/api/${id}/events`,
  body: gzip ? gzipSync(JSON.stringify(event)) : JSON.stringify(event),
  headers: { 'x-faultline-key': key, ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
});
bodies.push(
  native(chain(`Error\n    at f ${'('.repeat(65_000)}`)),
  native(chain(`    at f (${'a'.repeat(65_000)}:1:2)`)),
  native(chain(`a@http:${' '.repeat(65_000)}x`)),
  native(chain(`Error\n${'    at f (/app/a.js:1:2)\n'.repeat(10_000)}`.slice(0, 65_536))),
  native({
    events: Array.from({ length: 100 }, () => ({ message: `-1-0x1.2 "a" ${'http://a/b?c=d '.repeat(500)}` })),
  }),
  native({ message: nul, tags: { [nul]: nul }, extra: { [nul]: nul, __proto__: 1 }, timestamp: 1e20 }, false),
  native({ message: 'x', breadcrumbs: [{ timestamp: -1e20 }], user: { ip_address: nul } }, false),
  native({ message: 'x', timestamp: '+275760-09-13T00:00:00.000Z' }, false),
  native('{"message": "truncated', false),
  native({ events: 'nope' }, false),
  {
    path: `/api/${id}/events`,
    body: gzipSync(Buffer.alloc(20 * 1024 * 1024)),
    headers: { 'x-faultline-key': key, 'content-encoding': 'gzip' },
  },
  {
    path: `/api/${id}/envelope/`,
    body: gzipSync(
      Buffer.concat([Buffer.from(`{"dsn":"http://${'0'.repeat(32)}@x/${id}"}\n`), Buffer.alloc(8 << 20)]),
    ),
    headers: { 'content-encoding': 'gzip' },
  },
  {
    path: `/api/${id}/envelope/?sentry_key=${key}`,
    body: `{}\n${Array.from({ length: 100 }, (_, i) => `{"type":"made_up_${i}","length":99999}\n{}`).join('\n')}`,
    headers: {},
  },
  { path: `/api/${id}/events`, body: '{}', headers: { 'x-faultline-key': 'f'.repeat(32) } },
  { path: `/%E0%A4%A`, body: '', headers: {} },
  {
    path: `/api/projects/${id}/issues?query=%00&cursor=abc`,
    body: '',
    headers: { authorization: `Bearer ${TOKEN}` },
  },
);

// HOSTILE_KINDS=0,3 sends only those kinds of request (to find which one is slow)
const only = process.env.HOSTILE_KINDS?.split(',').map(Number);
if (only) bodies.splice(0, bodies.length, ...bodies.filter((_, i) => only.includes(i)));
const latencies: number[] = [];
const byKind: number[][] = [];
let serverErrors = 0;
let slow = 0;
let failed = 0;
const statuses = new Map<number, number>();
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: CLIENTS }, async () => {
    while (next < REQUESTS) {
      const kind = next++ % bodies.length;
      const r = bodies[kind]!;
      const t0 = performance.now();
      try {
        const res = await fetch(server.url + r.path, {
          method: r.body === '' ? 'GET' : 'POST',
          body: r.body === '' ? undefined : (r.body as BodyInit),
          headers: r.headers,
        });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) serverErrors++;
      } catch {
        failed++;
      }
      const ms = performance.now() - t0;
      latencies.push(ms);
      (byKind[kind] ??= []).push(ms);
      if (ms >= 1000) slow++;
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
console.log(
  `hostile stream: ${REQUESTS} requests from ${CLIENTS} clients in ${seconds.toFixed(1)} s ` +
    `(${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded database'})`,
);
console.log(`  answers >= 500: ${serverErrors}; slower than 1 s: ${slow}; connection failures: ${failed}`);
console.log(
  `  latency p50 ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, max ${pct(100).toFixed(1)} ms`,
);
console.log(
  `  slowest answer by request kind: ${byKind.map((l, i) => `#${i} ${Math.max(...l).toFixed(0)} ms`).join(', ')}`,
);
console.log(
  `  statuses: ${[...statuses]
    .sort()
    .map(([s, n]) => `${s}×${n}`)
    .join(', ')}`,
);
const metrics = await (await fetch(`${server.url}/metrics`)).text();
console.log(
  `  server event loop delay: p99 ${/faultline_event_loop_delay_seconds\{quantile="0.99"\} (\S+)/.exec(metrics)?.[1]} s, ` +
    `max ${/faultline_event_loop_delay_seconds\{quantile="1"\} (\S+)/.exec(metrics)?.[1]} s`,
);
console.log(`  metric series: ${metrics.split('\n').filter((l) => l.startsWith('faultline_')).length}`);
console.log(
  `  server RSS: ${(Number(/faultline_process_resident_memory_bytes (\d+)/.exec(metrics)?.[1]) / 1048576).toFixed(0)} MB`,
);
server.child.kill('SIGTERM');
await server.exited;
rmSync(dataDir, { recursive: true, force: true });
process.exit(serverErrors || slow ? 1 : 0);
