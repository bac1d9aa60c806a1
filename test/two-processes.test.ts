import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKind } from '@faultline/server/testing';
import { freePort, startServerProcess, type ServerProcess } from './helpers/process.js';

// Scaling out (design.md): N stateless processes on one PostgreSQL. Two real server processes take
// events at once, with overlapping event ids and fingerprints; counts must be exact, issues unique.
// PGlite is one process by nature, so this runs in the PostgreSQL pass of `npm test`.
describe.runIf(testDatabaseKind() === 'postgres')('two server processes on one PostgreSQL', () => {
  const procs: ServerProcess[] = [];
  let closeDb: (() => Promise<void>) | undefined;
  afterAll(async () => {
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));
    await closeDb?.();
  });

  const started = Date.now();

  it('count every event exactly once and create each issue once', async () => {
    const db = await openTestDatabase();
    closeDb = db.close;
    const token = 'flt_two_process_token';
    const env = { DATABASE_URL: db.url!, FAULTLINE_ADMIN_TOKEN: token };
    procs.push(
      ...(await Promise.all(
        [1, 2].map(async () => startServerProcess({ ...env, PORT: String(await freePort()) })),
      )),
    );

    const auth = { authorization: `Bearer ${token}` };
    const projects = (await (await fetch(`${procs[0]!.url}/api/projects`, { headers: auth })).json()) as {
      projects: Array<{ id: number; public_key: string }>;
    };
    expect(projects.projects).toHaveLength(1);
    const { id, public_key: key } = projects.projects[0]!;

    const ids = Array.from({ length: 400 }, (_, i) => i.toString(16).padStart(32, '0'));
    const event = (eventId: string, i: number) => ({
      event_id: eventId,
      exception: {
        values: [
          {
            type: 'Error',
            value: `bug ${i % 5} failed for user ${i}`,
            stack: `Error: x\n    at handler${i % 5} (/app/src/h.js:1:1)`,
          },
        ],
      },
      user: { id: `u${i % 7}` },
      release: '1.0.0',
    });
    // each process gets every event id once, in batches of 20, all at the same time
    const sends = procs.flatMap((p) =>
      Array.from({ length: 20 }, (_, b) =>
        fetch(`${p.url}/api/${id}/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-faultline-key': key },
          body: JSON.stringify({
            events: ids.slice(b * 20, b * 20 + 20).map((e, j) => event(e, b * 20 + j)),
          }),
        }),
      ),
    );
    const statuses = await Promise.all(sends.map(async (r) => (await r).status));
    expect(statuses.every((s) => s === 200)).toBe(true);

    const list = (await (
      await fetch(`${procs[1]!.url}/api/projects/${id}/issues?limit=100`, { headers: auth })
    ).json()) as {
      issues: Array<{ title: string; count: number; user_count: number }>;
    };
    expect(list.issues).toHaveLength(5);
    expect(list.issues.reduce((n, i) => n + i.count, 0)).toBe(400);
    for (const issue of list.issues) {
      expect(issue.count).toBe(80);
      expect(issue.user_count).toBe(7);
    }
  });

  // Periodic jobs (jobs/claim.ts): every process ticks, one per interval does the work. Both processes
  // ticked at start; /metrics counts the runs each process did.
  it('runs each periodic job once per interval across both processes, without errors', async () => {
    const runs = async () => {
      const total: Record<string, number> = {};
      for (const p of procs) {
        const text = await (await fetch(`${p.url}/metrics`)).text();
        for (const m of text.matchAll(/^faultline_job_runs_total\{job="([^"]+)"\} (\d+)$/gm))
          total[m[1]!] = (total[m[1]!] ?? 0) + Number(m[2]);
      }
      return total;
    };
    // the start-up ticks may still be running (retention vacuums); wait until each job ran somewhere
    const jobs = ['partitions', 'retention', 'spikes', 'alerts:deploy-watch', 'alerts:trim'];
    let total = await runs();
    for (let i = 0; i < 100 && !jobs.every((j) => total[j]); i++) {
      await new Promise((r) => setTimeout(r, 200));
      total = await runs();
    }
    const elapsed = Date.now() - started;
    // hourly jobs: exactly once; the minute's spike detector and the 3 s watches: once per interval
    expect([total.partitions, total.retention, total['alerts:trim']]).toEqual([1, 1, 1]);
    expect(total.spikes).toBeGreaterThanOrEqual(1);
    expect(total.spikes).toBeLessThanOrEqual(1 + Math.floor(elapsed / 54_000));
    expect(total['alerts:deploy-watch']).toBeLessThanOrEqual(1 + Math.ceil(elapsed / 2_700));
    for (const p of procs) expect(p.output()).not.toMatch(/failed|error/i);
  });
});
