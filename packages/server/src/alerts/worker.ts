import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import type { Config } from '../config.js';
import type { Metrics } from '../http/metrics.js';
import { claimJob } from '../jobs/claim.js';
import { deliverDue } from './deliver.js';
import { sendOptions } from './send.js';
import { dispatchFacts } from './dispatch.js';
import { watchDeploys, watchFrequency } from './watch.js';

const DAY = 86_400_000;
const TRIM_EVERY_MS = 3_600_000;
/** deploy verdicts and frequency rules are checked this often: a bad verdict alerts within seconds */
const WATCH_EVERY_MS = 3_000;

export interface AlertWorker {
  /** one round: watch deploys and frequencies (when due), dispatch facts, send what is due */
  runOnce(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * The alert pipeline of one process: outbox facts → deliveries → receivers. Every process runs one;
 * row locks and channel leases keep each message to one sender. Polls every `config.alerts.pollMs`
 * (a new issue's message leaves within about that much of the event's acknowledgement).
 */
export function createAlertWorker({
  db,
  config,
  metrics,
  baseUrl,
}: {
  db: Db;
  config: Config;
  metrics?: Metrics;
  /** links in messages start with it (FAULTLINE_PUBLIC_URL, else the address listened on) */
  baseUrl: () => string;
}): AlertWorker {
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  let lastWatch = 0;
  let lastTrim = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let stopped = true;

  // periodic watches run once per interval across all processes (jobs/claim.ts), like the spike
  // detector; the per-process gates above only save asking when this process's own turn is not due
  const watched = async (name: string, everyMs: number, now: Date, fn: () => Promise<unknown>) => {
    try {
      if (!(await claimJob(db, `alerts:${name}`, everyMs * 0.9, now))) return;
      await fn();
      metrics?.inc('faultline_job_runs_total', { job: `alerts:${name}` });
    } catch (err) {
      console.error(`alerts: ${name} failed:`, err);
    }
  };

  const round = async () => {
    const now = config.now();
    if (now.getTime() - lastWatch >= WATCH_EVERY_MS) {
      lastWatch = now.getTime();
      await watched('deploy-watch', WATCH_EVERY_MS, now, () => watchDeploys(db, now));
      await watched('frequency-watch', WATCH_EVERY_MS, now, () => watchFrequency(db, now));
    }
    if (now.getTime() - lastTrim >= TRIM_EVERY_MS) {
      lastTrim = now.getTime();
      // the outbox and the delivery log keep what someone may still look at, not everything ever
      await watched('trim', TRIM_EVERY_MS, now, async () => {
        await db.execute(
          sql`delete from alert_facts where dispatched_at < ${new Date(now.getTime() - 7 * DAY).toISOString()}::timestamptz`,
        );
        await db.execute(
          sql`delete from alert_deliveries where status <> 'pending' and created_at < ${new Date(now.getTime() - 30 * DAY).toISOString()}::timestamptz`,
        );
      });
    }
    const created = await dispatchFacts(db, config.now());
    if (created) metrics?.inc('faultline_alert_messages_queued_total', undefined, created);
    await deliverDue({
      db,
      now: config.now,
      owner,
      baseUrl: baseUrl(),
      send: sendOptions(config.alerts),
      onOutcome: (status, n) => metrics?.inc('faultline_alert_deliveries_total', { status }, n),
    });
  };

  const runOnce = () => {
    // one round at a time in a process: a slow receiver delays the next round, never doubles it
    running ??= round()
      .catch((err) => console.error('alerts: round failed:', err))
      .finally(() => (running = null));
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void runOnce().then(schedule), config.alerts.pollMs);
    timer.unref();
  };

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
