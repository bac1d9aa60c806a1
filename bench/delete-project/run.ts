// Deleting a big project while another one receives events, as users get it: the real server process
// (embedded database, or DATABASE_URL). Fills a project with events, then deletes it while a steady
// stream of single events goes to another project, and reports how long those took (the bar: ingest for
// other projects is never held up more than 100 ms) and how long the background removal took.
//   npm run bench:delete-project [events]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startServerProcess } from '../../test/helpers/process.js';

const EVENTS = Number(process.argv[2] ?? 50_000);
const TOKEN = 'flt_bench_delete_token';
const dataDir = mkdtempSync(join(tmpdir(), 'faultline-delete-'));
const server = await startServerProcess(
  {
    PORT: String(await freePort()),
    FAULTLINE_DATA_DIR: dataDir,
    FAULTLINE_ADMIN_TOKEN: TOKEN,
    FAULTLINE_RATE_LIMIT: '0',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  },
  120_000,
);
// whatever happens below, the server process goes with this one
process.on('exit', () => server.child.kill('SIGKILL'));

const api = async <T>(path: string, method = 'GET', body?: unknown): Promise<T> => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
};
const send = async (p: { id: number; public_key: string }, events: object[]) => {
  const res = await fetch(`${server.url}/api/${p.id}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-faultline-key': p.public_key },
    body: JSON.stringify(events.length === 1 ? events[0] : { events }),
  });
  if (res.status !== 200) throw new Error(`ingest: ${res.status} ${await res.text()}`);
};
const event = (i: number) => ({
  exception: {
    values: [
      {
        type: 'Error',
        value: `failure ${i % 500}`,
        stack: `Error: failure ${i % 500}\n    at handler${i % 500} (/srv/app/src/h${i % 50}.js:${i % 500}:7)\n    at run (/srv/app/src/main.js:10:3)`,
      },
    ],
  },
  release: `1.0.${i % 20}`,
  environment: i % 2 ? 'production' : 'staging',
  user: { id: `u${i % 1000}` },
  tags: { route: `/r/${i % 30}` },
});
const purged = async () => {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^faultline_purged_rows_total (\d+)/m.exec(text)?.[1] ?? 0);
};
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

try {
  const doomed = await api<{ id: number; public_key: string }>('/api/projects', 'POST', { name: 'doomed' });
  const live = await api<{ id: number; public_key: string }>('/api/projects', 'POST', { name: 'live' });
  const fillStart = performance.now();
  for (let i = 0; i < EVENTS; i += 100) {
    await send(
      doomed,
      Array.from({ length: Math.min(100, EVENTS - i) }, (_, k) => event(i + k)),
    );
  }
  console.log(`filled: ${EVENTS} events in ${((performance.now() - fillStart) / 1000).toFixed(1)} s`);

  // a steady stream to the other project: one event every 10 ms, each timed
  const during: number[] = [];
  let streaming = true;
  let n = 0;
  const stream = (async () => {
    while (streaming) {
      const t = performance.now();
      await send(live, [event(n++)]);
      during.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  await new Promise((r) => setTimeout(r, 2000));
  const baseline = during.splice(0);

  const t0 = performance.now();
  await api(`/api/projects/${doomed.id}`, 'DELETE');
  const answered = performance.now() - t0;
  let last = -1;
  let still = 0;
  // done when the count of removed rows has not moved for a second
  while (still < 10) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await purged();
    still = now === last && now > 0 ? still + 1 : 0;
    last = now;
  }
  const removal = performance.now() - t0 - 1000;
  streaming = false;
  await stream;

  const fmt = (xs: number[]) =>
    `p50 ${pct(xs, 0.5).toFixed(1)} ms, p99 ${pct(xs, 0.99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (${xs.length} requests)`;
  console.log(`database: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded (PGlite)'}`);
  console.log(`DELETE answered in ${answered.toFixed(1)} ms`);
  console.log(`background removal: ${last} rows in ${(removal / 1000).toFixed(1)} s`);
  console.log(`other project's ingest before:  ${fmt(baseline)}`);
  console.log(`other project's ingest during:  ${fmt(during)}`);
  console.log(`bar: max during ≤ 100 ms: ${Math.max(...during) <= 100 ? 'met' : 'NOT met'}`);
} finally {
  server.child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
