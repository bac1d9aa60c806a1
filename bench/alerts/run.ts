// Alert latency as users get it: the real server process (embedded database, or DATABASE_URL), the
// shipped worker settings, a webhook receiver on this machine. Measures, per new issue, the time from
// the event's acknowledgement (ingest answered 200) to the message arriving at the receiver; and, per
// deploy, from the acknowledgement of the events that turn its verdict bad to the deploy_bad message.
//   npm run bench:alerts [samples]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReceiver } from '../../packages/server/src/testing/receiver.js';
import { freePort, startServerProcess } from '../../test/helpers/process.js';

const SAMPLES = Number(process.argv[2] ?? 40);
const TOKEN = 'flt_bench_alerts_token';
// one channel takes 5 messages a minute before it batches them into a digest: spread the samples
const PROJECTS = Math.ceil(SAMPLES / 4);

const dataDir = mkdtempSync(join(tmpdir(), 'faultline-alerts-'));
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
const api = async <T>(path: string, body?: unknown): Promise<T> => {
  const res = await fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

const hook = await startReceiver();
// whatever happens below, the server process goes with this one
process.on('exit', () => server.child.kill('SIGKILL'));
const arrived = new Map<string, number>();
const received = hook.received;
const watch = setInterval(() => {
  for (const r of received.splice(0)) {
    const key = r.json.issue?.title ?? `deploy ${r.json.deploy?.release}`;
    if (!arrived.has(key)) arrived.set(key, performance.now());
  }
}, 1);

const projects: Array<{ id: number; public_key: string }> = [];
for (let i = 0; i < PROJECTS; i++) {
  const p = await api<{ id: number; public_key: string }>('/api/projects', { name: `bench ${i}` });
  const ch = await api<{ id: number }>(`/api/projects/${p.id}/alert-channels`, {
    name: 'hook',
    kind: 'webhook',
    url: hook.url,
  });
  await api(`/api/projects/${p.id}/alert-rules`, {
    name: 'bench',
    triggers: ['new_issue', 'deploy_bad'],
    channel_ids: [ch.id],
  });
  projects.push(p);
}

const send = async (p: { id: number; public_key: string }, events: object[]) => {
  const res = await fetch(`${server.url}/api/${p.id}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-faultline-key': p.public_key },
    body: JSON.stringify({ events }),
  });
  if (res.status !== 200) throw new Error(`ingest: ${res.status}`);
  return performance.now();
};
const waitFor = async (key: string, timeoutMs = 30_000) => {
  const start = Date.now();
  while (!arrived.has(key)) {
    if (Date.now() - start > timeoutMs)
      throw new Error(
        `no message for ${key} within ${timeoutMs} ms; the server said:\n${server.output().slice(-3000)}`,
      );
    await new Promise((r) => setTimeout(r, 2));
  }
  return arrived.get(key)!;
};
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

const latencies: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  const title = `Error: bench issue ${i} broke`;
  const acked = await send(projects[i % PROJECTS]!, [
    {
      exception: {
        values: [
          {
            type: 'Error',
            value: `bench issue ${i} broke`,
            stack: `Error: x\n    at f${i} (/app/b${i}.js:1:1)`,
          },
        ],
      },
    },
  ]);
  latencies.push((await waitFor(title)) - acked);
  await new Promise((r) => setTimeout(r, 150 + Math.random() * 300)); // not in step with the poll
}

// bad deploys: a deploy, then a new error that keeps coming (12 events in its first minutes)
const verdicts: number[] = [];
for (let i = 0; i < 3; i++) {
  const p = projects[i]!;
  const finished = new Date(Date.now() - 5 * 60_000);
  await api(`/api/projects/${p.id}/deploys`, {
    release: `bench@${i}.0.0`,
    environment: 'production',
    finished_at: finished.toISOString(),
  });
  const events = Array.from({ length: 12 }, (_, k) => ({
    exception: {
      values: [
        { type: 'Error', value: `deploy ${i} broke`, stack: `Error: x\n    at d${i} (/app/d${i}.js:1:1)` },
      ],
    },
    environment: 'production',
    timestamp: new Date(finished.getTime() + (k + 1) * 20_000).toISOString(),
  }));
  const acked = await send(p, events);
  try {
    verdicts.push((await waitFor(`deploy bench@${i}.0.0`)) - acked);
  } catch (err) {
    const { deploys } = await api<{ deploys: Array<{ id: number }> }>(`/api/projects/${p.id}/deploys`);
    console.log(
      JSON.stringify(await api(`/api/projects/${p.id}/deploys/${deploys[0]!.id}/health`)).slice(0, 1500),
    );
    console.log(JSON.stringify(await api(`/api/projects/${p.id}/alert-deliveries`)).slice(0, 1500));
    throw err;
  }
}

clearInterval(watch);
const fmt = (ms: number) => `${Math.round(ms)} ms`;
console.log(
  `alerts, ${SAMPLES} new issues over ${PROJECTS} projects, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded database'}:`,
);
console.log(
  `  new issue: acknowledged → message at the receiver  p50 ${fmt(pct(latencies, 0.5))}  p95 ${fmt(pct(latencies, 0.95))}  max ${fmt(Math.max(...latencies))}`,
);
console.log(
  `  bad deploy: events acknowledged → deploy_bad message  ${verdicts.map(fmt).join(', ')} (bar: 10 s after the verdict)`,
);
server.child.kill('SIGTERM');
await server.exited;
await hook.close();
rmSync(dataDir, { recursive: true, force: true });
