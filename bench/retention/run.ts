// Retention over simulated days, as a busy project gets it: events arrive day after day (an injected
// clock), the hourly retention pass runs once a simulated day, and the database should stop growing
// once retention starts. Reports, per day, stored events, database size and how long the pass took,
// and ingest latency with and without a pass running beside it.
//   npm run bench:retention [days] [events per day] [issues] [retention days]
//   (PostgreSQL: DATABASE_URL=postgres://…; defaults 30 days × 5000 events, 500 issues, 7 days kept)
import {
  databaseSize,
  defaultConfig,
  detectSpikes,
  openBenchDatabase,
  startTestServer,
} from '@faultline/server/testing';

const DAYS = Number(process.argv[2] ?? 30);
const PER_DAY = Number(process.argv[3] ?? 5000);
const RETENTION = Number(process.argv[5] ?? 7);
const ISSUES = Number(process.argv[4] ?? 500);
const DAY = 86_400_000;

let clock = Date.UTC(2026, 0, 1, 0, 0, 0);
const s = await startTestServer(
  {
    now: () => new Date(clock),
    retentionDays: RETENTION,
    ingest: { ...defaultConfig().ingest, rateLimit: { perSecond: 0, burst: 0 } },
  },
  await openBenchDatabase(process.env.DATABASE_URL),
);
const event = (i: number) => ({
  exception: {
    values: [
      {
        type: 'Error',
        value: `failure ${i % ISSUES}`,
        stack: `Error: failure\n    at handler${i % ISSUES} (/srv/app/src/h${i % 50}.js:${i % ISSUES}:7)\n    at run (/srv/app/src/main.js:10:3)\n    at process (/srv/app/node_modules/lib/index.js:88:12)`,
      },
    ],
  },
  release: `1.0.${Math.floor(i / 20_000)}`,
  environment: i % 2 ? 'production' : 'staging',
  user: { id: `u${i % 1000}` },
  tags: { route: `/r/${i % 30}` },
  timestamp: new Date(clock).toISOString(),
});
const pct = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]! : 0;
const dbBytes = () => databaseSize(s.database.db);

console.log(
  `retention bench: ${DAYS} days × ${PER_DAY} events (${ISSUES} issues), retention ${RETENTION} days, ` +
    `${s.database.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'}`,
);
console.log('day  stored events  database MB  B/event  pass ms (drop rows evict issues vacuum)  dropped');
const quiet: number[] = [];
const busy: number[] = [];
const passes: number[] = [];
const drops: number[] = [];
let n = 0;
let sizeAtRetention = 0;
for (let day = 0; day < DAYS; day++) {
  clock = Date.UTC(2026, 0, 1) + day * DAY + 3_600_000;
  // the day's pass, while the day's first events arrive
  let passing = true;
  const started = performance.now();
  const pass = s.retention.runOnce({ force: true }).then((r) => {
    passing = false;
    passes.push(performance.now() - started);
    return r;
  });
  for (let sent = 0; sent < PER_DAY; sent += 100) {
    clock += Math.floor((20 * 3_600_000) / (PER_DAY / 100));
    const t = performance.now();
    const res = await s.ingest({
      events: Array.from({ length: Math.min(100, PER_DAY - sent) }, () => event(n++)),
    });
    if (res.status !== 200) throw new Error(`ingest: ${res.status} ${await res.text()}`);
    (passing ? busy : quiet).push(performance.now() - t);
  }
  const result = (await pass)!;
  if (result.droppedPartitions.length) drops.push(result.ms.drop / result.droppedPartitions.length);
  // the spike detector runs every minute in a server and trims the per-minute counters to two days
  await detectSpikes(s.database.db, new Date(clock));
  const usage = (await (await s.api(`/api/projects/${s.projectId}/usage`)).json()) as {
    stored_events: number;
  };
  const size = await dbBytes();
  if (day === RETENTION + 1) sizeAtRetention = size;
  const steps = Object.values(result.ms)
    .map((v) => v.toFixed(0))
    .join(' ');
  console.log(
    `${String(day).padStart(3)}  ${String(usage.stored_events).padStart(13)}  ${(size / 1048576).toFixed(1).padStart(11)}  ${String(Math.round(size / Math.max(usage.stored_events, 1))).padStart(7)}  ${passes[passes.length - 1]!.toFixed(0).padStart(7)} (${steps})  ${result.droppedPartitions.join(' ')}`,
  );
}
const final = await dbBytes();
console.log(
  `database size: ${(sizeAtRetention / 1048576).toFixed(1)} MB on day ${RETENTION + 1}, ${(final / 1048576).toFixed(1)} MB on day ${DAYS - 1} ` +
    `(${(((final - sizeAtRetention) / Math.max(sizeAtRetention, 1)) * 100).toFixed(0)} % change once retention runs)`,
);
console.log(
  `dropping a day: median ${pct(drops, 0.5).toFixed(0)} ms, max ${Math.max(0, ...drops).toFixed(0)} ms (${drops.length} days dropped)`,
);
console.log(
  `retention pass (drops a day, makes partitions ahead): median ${pct(passes, 0.5).toFixed(0)} ms, max ${Math.max(...passes).toFixed(0)} ms`,
);
console.log(
  `ingest, 100-event batches: p99 ${pct(quiet, 0.99).toFixed(1)} ms without a pass running (${quiet.length} batches), ` +
    (busy.length
      ? `p99 ${pct(busy, 0.99).toFixed(1)} ms beside one (${busy.length} batches)`
      : 'none overlapped a pass (each was over before the next batch)'),
);
if (process.env.BENCH_TABLES) {
  const { tableSizes } = await import('@faultline/server/testing');
  console.log(await tableSizes(s.database.db));
}
await s.close();
