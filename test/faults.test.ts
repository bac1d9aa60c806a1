// Faults under load, with real processes: the database stops and comes back, and the server is asked
// to stop while clients keep sending. Nothing acknowledged may be lost or counted twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKind } from '@faultline/server/testing';
import { startPostgres } from '../scripts/postgres.mjs';
import { startLoad, storedEvents } from './helpers/load.js';
import { freePort, startServerProcess, type ServerProcess } from './helpers/process.js';

const TOKEN = 'flt_faults_test_token';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function project(url: string): Promise<{ id: number; key: string }> {
  const res = await fetch(`${url}/api/projects`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const { projects } = (await res.json()) as { projects: Array<{ id: number; public_key: string }> };
  return { id: projects[0]!.id, key: projects[0]!.public_key };
}

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const server = await startServerProcess({
    ...env,
    FAULTLINE_ADMIN_TOKEN: TOKEN,
    PORT: String(await freePort()),
  });
  cleanups.push(() => server.child.kill('SIGKILL'));
  return server;
}

// Its own PostgreSQL, to stop and start: once per `npm test`, in the PostgreSQL pass.
describe.runIf(testDatabaseKind() === 'postgres')('the database stops for a while under load', () => {
  it('answers 503 promptly while it is away, recovers within 5 s, and loses nothing', async () => {
    const pg = (await startPostgres())!;
    cleanups.push(() => pg.stop());
    const server = await start({ DATABASE_URL: pg.url });
    const { id, key } = await project(server.url);
    const load = startLoad(server.url, id, key);
    const health: Array<{ status: number; ms: number; at: number }> = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const at = performance.now();
        const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(10_000) }).catch(
          () => null,
        );
        health.push({ status: res?.status ?? 0, ms: performance.now() - at, at });
        await sleep(100);
      }
    })();

    await sleep(1500);
    const downAt = performance.now();
    pg.pause();
    await sleep(4000);
    const upAt = performance.now();
    await pg.resume();
    const resumedAt = performance.now();
    // recovery is measured from the moment the database accepts connections again
    let recoveredAt = 0;
    while (!recoveredAt && performance.now() - resumedAt < 15_000) {
      recoveredAt = load.answers.find((a) => a.status === 200 && a.startedAt >= resumedAt)
        ? performance.now()
        : 0;
      await sleep(20);
    }
    const firstOk = load.answers
      .filter((a) => a.status === 200 && a.startedAt >= resumedAt)
      .reduce((t, a) => Math.min(t, a.startedAt + a.ms), Infinity);
    await sleep(1000);
    polling = false;
    await poller;
    await load.stop({ finish: true });

    const during = load.answers.filter((a) => a.startedAt > downAt + 200 && a.startedAt < upAt);
    const refused = during.filter((a) => a.status !== 200);
    const slowest = Math.max(...during.map((a) => a.ms));
    const healthDuring = health.filter((h) => h.at > downAt + 200 && h.at < upAt);
    console.log(
      `database away 4 s: ${during.length} ingest answers (${refused.length} refused, statuses ${[
        ...new Set(refused.map((a) => a.status)),
      ]}), slowest ${slowest.toFixed(0)} ms; /healthz slowest ${Math.max(...healthDuring.map((h) => h.ms)).toFixed(0)} ms; ` +
        `first event stored ${(firstOk - resumedAt).toFixed(0)} ms after the database was back; ${load.acked.size} events acknowledged`,
    );

    expect(refused.length).toBeGreaterThan(0);
    for (const a of refused) expect(a.status).toBe(503);
    expect(slowest).toBeLessThan(2500);
    expect(healthDuring.some((h) => h.status === 503)).toBe(true);
    for (const h of healthDuring) {
      expect([200, 503]).toContain(h.status);
      expect(h.ms).toBeLessThan(1500);
    }
    expect(firstOk - resumedAt).toBeLessThan(5000);
    expect(server.child.exitCode).toBeNull();
    expect(server.output()).not.toMatch(/TypeError|Uncaught|uncaughtException/);

    // every event was retried until acknowledged: all stored, each counted once
    expect(load.acked.size).toBe(load.sent.size);
    const { stored, counted } = await storedEvents(server.url, id, TOKEN, load.acked);
    expect(stored.size).toBe(load.acked.size);
    expect(counted).toBe(load.acked.size);
  }, 90_000);
});

describe('SIGTERM while clients keep sending', () => {
  it('stops within 10 s, acknowledged events stay, none counted twice', async () => {
    let env: Record<string, string>;
    if (testDatabaseKind() === 'postgres') {
      const db = await openTestDatabase();
      cleanups.push(() => db.close());
      env = { DATABASE_URL: db.url! };
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'faultline-sigterm-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      env = { FAULTLINE_DATA_DIR: dir };
    }
    const server = await start(env);
    const { id, key } = await project(server.url);
    const load = startLoad(server.url, id, key, 16);
    await sleep(2000);
    const signalledAt = performance.now();
    server.child.kill('SIGTERM');
    const code = await server.exited;
    const stopMs = performance.now() - signalledAt;
    await load.stop();
    const afterSignal = load.answers.filter((a) => a.startedAt > signalledAt);
    console.log(
      `SIGTERM under load (${testDatabaseKind()}): exited with ${code} after ${stopMs.toFixed(0)} ms; ` +
        `${load.acked.size} events acknowledged; answers after the signal: ${afterSignal.length}`,
    );
    expect(code).toBe(0);
    expect(stopMs).toBeLessThan(10_000);
    expect(server.output()).toContain('SIGTERM: shutting down');

    const again = await start(env);
    const { stored, counted } = await storedEvents(again.url, id, TOKEN, load.sent);
    for (const acked of load.acked) expect(stored.has(acked), acked).toBe(true);
    expect(counted).toBe(stored.size);
  }, 90_000);
});
