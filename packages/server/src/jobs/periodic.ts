import type { Db } from '../db/types.js';
import type { Metrics } from '../http/metrics.js';
import { claimJob } from './claim.js';

/**
 * A job that runs about every `everyMs` in exactly one of the processes sharing the database: each
 * process ticks on its own timer, and claimJob lets only one tick per interval through. The claim
 * asks for 90 % of the interval, so one process's timer drifting a little late never skips a run.
 */
export function createPeriodicJob({
  db,
  name,
  everyMs,
  now,
  run,
  metrics,
  log = (m, err) => console.error(m, err),
}: {
  db: Db;
  name: string;
  everyMs: number;
  now: () => Date;
  run: (now: Date) => Promise<unknown>;
  metrics?: Metrics;
  log?: (message: string, err: unknown) => void;
}) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();

  /** Runs the job if no process has run it this interval; true when this call ran it. */
  async function runOnce(): Promise<boolean> {
    const t = now();
    if (!(await claimJob(db, name, everyMs * 0.9, t))) return false;
    await run(t);
    metrics?.inc('faultline_job_runs_total', { job: name });
    return true;
  }

  const tick = () => {
    running = running.then(runOnce).catch((err) => log(`${name} failed:`, err));
  };

  return {
    runOnce,
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, everyMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}

export type PeriodicJob = ReturnType<typeof createPeriodicJob>;
