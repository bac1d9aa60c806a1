import { sql } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import type { Metrics } from '../http/metrics.js';
import { claimJob } from '../jobs/claim.js';
import { ensurePartitions } from './partitions.js';
import { runRetention, type RetentionResult } from './retention.js';

const HOUR = 3_600_000;

// Rewritten by every batch (counters) or trimmed by retention: without VACUUM their dead rows are never
// reused, and the database grows with traffic even once retention holds the events steady. The
// embedded database has no autovacuum at all; on PostgreSQL this hourly pass (one process) is cheap
// and keeps sizes predictable whatever autovacuum's settings.
const HOT_TABLES = [
  'issues',
  'issue_hourly',
  'issue_minutely',
  'issue_tag_values',
  'env_minutely',
  'event_ids',
  'storage_daily',
  'releases',
  'usage_hourly',
  'events_default',
];

async function vacuumHotTables(db: Db): Promise<void> {
  for (const table of HOT_TABLES) await db.execute(sql`vacuum ${sql.identifier(table)}`);
}

/**
 * Retention's timer: partitions ahead and the retention pass, each once an hour in one of the
 * processes sharing the database (claimJob). Partition upkeep is idempotent besides: a missed or
 * doubled run costs nothing but a catalog read, and events_default catches rows of a day without one.
 */
export function createRetentionWorker({
  db,
  now,
  defaultDays,
  defaultMaxEvents,
  metrics,
  log = (m, err) => console.error(m, err),
}: {
  db: Db;
  now: () => Date;
  defaultDays: number;
  defaultMaxEvents: number;
  metrics?: Metrics;
  log?: (message: string, err: unknown) => void;
}) {
  let timer: NodeJS.Timeout | null = null;
  let stopping = false;
  let running: Promise<unknown> = Promise.resolve();

  /** One pass: partitions, then retention, each if this process claims it (`force`: claim or not). */
  async function runOnce({ force = false } = {}): Promise<RetentionResult | null> {
    const t = now();
    if (force || (await claimJob(db, 'partitions', HOUR, t))) {
      await ensurePartitions(db, t);
      metrics?.inc('faultline_job_runs_total', { job: 'partitions' });
    }
    if (!force && !(await claimJob(db, 'retention', HOUR, t))) return null;
    const result = await runRetention(db, {
      now: t,
      defaultDays,
      defaultMaxEvents,
      stopped: () => stopping,
    });
    const t0 = performance.now();
    await vacuumHotTables(db);
    result.ms.vacuum = performance.now() - t0;
    metrics?.inc('faultline_job_runs_total', { job: 'retention' });
    metrics?.inc('faultline_retention_deleted_events_total', undefined, result.deletedEvents);
    metrics?.inc('faultline_retention_evicted_events_total', undefined, result.evictedEvents);
    metrics?.inc('faultline_retention_dropped_partitions_total', undefined, result.droppedPartitions.length);
    return result;
  }

  const tick = () => {
    running = running.then(() => runOnce()).catch((err) => log('retention failed:', err));
  };

  return {
    runOnce,
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, HOUR / 4);
      timer.unref();
    },
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}

export type RetentionWorker = ReturnType<typeof createRetentionWorker>;
