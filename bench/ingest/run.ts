// Ingest benchmark: durable events/s of Faultline on a real PostgreSQL, next to a bare hono JSON
// endpoint measured in the same run, both with autocannon at 50 connections, one event per request.
// A second pass sends batches of 20 events per request, as the SDK's transport does under load.
// Usage: pnpm bench:ingest [seconds]   (DATABASE_URL=postgres://… to use your own database)
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startPostgres } from '../../scripts/postgres.mjs';

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = 50;
const BATCH = 20;
const TOKEN = 'flt_bench_admin_token';
const TSX = import.meta.resolve('tsx');
const MAIN = fileURLToPath(new URL('../../packages/server/src/main.ts', import.meta.url));
const BARE = fileURLToPath(new URL('./bare.ts', import.meta.url));

function start(file: string, env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', TSX, file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (ready.test(out)) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`${file} exited with ${code}: ${out}`)));
  });
}

const FUNCTIONS = [
  'applyDiscount',
  'chargeCard',
  'lookupPrice',
  'reserveStock',
  'renderCart',
  'loadUser',
  'saveOrder',
  'sendMail',
  'parseQuery',
  'fetchRates',
];
function batch(n: number): string {
  return `{"events":[${Array.from({ length: n }, event).join(',')}]}`;
}

function event(): string {
  const n = Math.floor(Math.random() * FUNCTIONS.length);
  const fn = FUNCTIONS[n]!;
  return JSON.stringify({
    event_id: randomUUID().replace(/-/g, ''),
    level: 'error',
    platform: 'node',
    release: 'shop@2.3.0',
    environment: 'production',
    server_name: 'web-1',
    exception: {
      values: [
        {
          type: 'TypeError',
          value: `Cannot read properties of undefined (reading 'id') for order ${Math.floor(Math.random() * 1e6)}`,
          stack: [
            `TypeError: Cannot read properties of undefined (reading 'id')`,
            `    at ${fn} (/srv/shop/src/${fn}.js:${10 + n}:17)`,
            `    at async handle (/srv/shop/src/routes.js:88:5)`,
            `    at async dispatch (/srv/shop/node_modules/hono/dist/compose.js:29:17)`,
            `    at async /srv/shop/node_modules/hono/dist/hono-base.js:188:25`,
            `    at async Server.<anonymous> (/srv/shop/node_modules/@hono/node-server/dist/listener.js:120:5)`,
          ].join('\n'),
          mechanism: { type: 'generic', handled: true },
        },
      ],
    },
    tags: { region: 'eu-1', feature: 'checkout' },
    user: { id: `u${Math.floor(Math.random() * 1000)}` },
    request: { url: 'https://shop.example.com/cart', method: 'POST', headers: { 'user-agent': 'bench' } },
    breadcrumbs: [
      { category: 'http', message: 'GET /api/cart 200', level: 'info', timestamp: Date.now() / 1000 },
    ],
    sdk: { name: 'faultline.js', version: '0.1.0' },
  });
}

async function load(url: string, headers: Record<string, string>, perRequest = 1) {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { 'content-type': 'application/json', ...headers },
    requests: [{ setupRequest: (req) => ({ ...req, body: perRequest === 1 ? event() : batch(perRequest) }) }],
  });
  return {
    rps: result.requests.average,
    ok: result['2xx'],
    other: result.non2xx + result.errors,
    p99: result.latency.p99,
    p50: result.latency.p50,
  };
}

async function main() {
  const pg = process.env.DATABASE_URL ? null : await startPostgres({ durable: true });
  const databaseUrl = process.env.DATABASE_URL ?? pg?.url;
  if (!databaseUrl)
    throw new Error('no PostgreSQL: set DATABASE_URL or install PostgreSQL 15 server binaries');
  const children: ChildProcess[] = [];
  try {
    const bare = await start(BARE, { PORT: '8301' }, /listening/);
    children.push(bare);
    const server = await start(
      MAIN,
      { PORT: '8302', DATABASE_URL: databaseUrl, FAULTLINE_ADMIN_TOKEN: TOKEN, FAULTLINE_RATE_LIMIT: '0' },
      /running at/,
    );
    children.push(server);
    const auth = { authorization: `Bearer ${TOKEN}` };
    const { projects } = (await (
      await fetch('http://127.0.0.1:8302/api/projects', { headers: auth })
    ).json()) as {
      projects: Array<{ id: number; public_key: string }>;
    };
    const project = projects[0]!;
    const target = `http://127.0.0.1:8302/api/${project.id}/events`;

    // warm both up (JIT, connection pools), then measure
    await autocannon({
      url: 'http://127.0.0.1:8301/api/1/events',
      method: 'POST',
      connections: 10,
      duration: 2,
      body: event(),
    });
    await autocannon({
      url: target,
      method: 'POST',
      connections: 10,
      duration: 2,
      headers: { 'x-faultline-key': project.public_key, 'content-type': 'application/json' },
      requests: [{ setupRequest: (r) => ({ ...r, body: event() }) }],
    });
    const before = await storedEvents(project.id, auth);

    const baseline = await load('http://127.0.0.1:8301/api/1/events', {});
    const faultline = await load(target, { 'x-faultline-key': project.public_key });
    const stored = (await storedEvents(project.id, auth)) - before;
    const batched = await load(target, { 'x-faultline-key': project.public_key }, BATCH);
    const storedBatched = (await storedEvents(project.id, auth)) - before - stored;
    const metrics = await (await fetch('http://127.0.0.1:8302/metrics')).text();
    const rss = Number(/faultline_process_resident_memory_bytes (\d+)/.exec(metrics)?.[1] ?? 0);

    const durable = stored / SECONDS;
    console.log(
      `\ningest benchmark: ${SECONDS}s per target, ${CONNECTIONS} connections, one event per request, PostgreSQL ${pg ? '15 (throwaway, fsync and synchronous_commit on)' : 'from DATABASE_URL'}`,
    );
    console.log(
      `  bare hono JSON endpoint : ${baseline.rps.toFixed(0)} req/s   p50 ${baseline.p50} ms  p99 ${baseline.p99} ms`,
    );
    console.log(
      `  faultline ingest        : ${faultline.rps.toFixed(0)} req/s   p50 ${faultline.p50} ms  p99 ${faultline.p99} ms   (${faultline.other} non-2xx/errors)`,
    );
    console.log(
      `  durable events/s        : ${durable.toFixed(0)}  (${stored} events stored for ${faultline.ok} acknowledged)`,
    );
    console.log(`  ratio to bare           : ${(faultline.rps / baseline.rps).toFixed(2)}x`);
    console.log(
      `  batches of ${BATCH} events    : ${batched.rps.toFixed(0)} req/s = ${(storedBatched / SECONDS).toFixed(0)} durable events/s   p50 ${batched.p50} ms  p99 ${batched.p99} ms`,
    );
    console.log(`  server RSS after load   : ${(rss / 1024 / 1024).toFixed(0)} MB`);
    if (stored < faultline.ok) console.log('  !! fewer events stored than acknowledged');
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    pg?.stop();
  }
}

async function storedEvents(projectId: number, headers: Record<string, string>): Promise<number> {
  let total = 0;
  let cursor: string | null = null;
  do {
    const q: string = `status=all&limit=100${cursor ? `&cursor=${cursor}` : ''}`;
    const page = (await (
      await fetch(`http://127.0.0.1:8302/api/projects/${projectId}/issues?${q}`, { headers })
    ).json()) as {
      issues: Array<{ count: number }>;
      next_cursor: string | null;
    };
    total += page.issues.reduce((n, i) => n + i.count, 0);
    cursor = page.next_cursor;
  } while (cursor);
  return total;
}

await main();
