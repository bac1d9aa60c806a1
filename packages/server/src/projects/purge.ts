import { eq, isNotNull, sql } from 'drizzle-orm';
import { rowsOf } from '../db/rows.js';
import { projects } from '../db/schema.js';
import type { Db } from '../db/types.js';
import type { Metrics } from '../http/metrics.js';

// What a project owns, children before parents. Rows go in small batches, each its own statement, so a
// deletion never holds a lock or the (embedded, single-connection) database for long: ingest for the
// other projects waits at most one batch.
const TABLES = [
  'events',
  'event_ids',
  'storage_daily',
  'issue_minutely',
  'issue_hourly',
  'issue_tag_values',
  'issue_hashes',
  'issue_activity',
  'issue_comments',
  'env_minutely',
  'usage_hourly',
  'spikes',
  'alert_deliveries',
  'alert_facts',
  'alert_rules',
  'alert_channels',
  'sourcemaps',
  'deploys',
  'issues',
  'releases',
  'project_keys',
] as const;

/** The project row itself goes this long after its deletion: events already queued must find it. */
const ROW_GRACE_MS = 60_000;

export function createProjectPurger({
  db,
  now,
  metrics,
  batch = 500,
}: {
  db: Db;
  now: () => Date;
  metrics?: Metrics;
  batch?: number;
}) {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  /** Deletes up to `batch` rows of a deleted project's data, or a project row; false when nothing was left. */
  async function step(): Promise<boolean> {
    const deleted = await db
      .select({ id: projects.id, at: projects.deletedAt })
      .from(projects)
      .where(isNotNull(projects.deletedAt))
      .orderBy(projects.deletedAt);
    for (const project of deleted) {
      for (const table of TABLES) {
        const gone = await rowsOf(
          db,
          // a row's ctid is only unique within its table: events is partitioned, so with tableoid
          sql`delete from ${sql.identifier(table)} where (tableoid, ctid) in (
                select tableoid, ctid from ${sql.identifier(table)} where project_id = ${project.id} limit ${batch})
              returning 1 as x`,
        );
        if (gone.length) {
          metrics?.inc('faultline_purged_rows_total', undefined, gone.length);
          return true;
        }
      }
      if (project.at!.getTime() > now().getTime() - ROW_GRACE_MS) continue;
      await db.delete(projects).where(eq(projects.id, project.id));
      return true;
    }
    return false;
  }

  async function run(): Promise<void> {
    do {
      again = false;
      // yield between batches: requests waiting for the database go first
      while (!stopped && (await step())) await new Promise((r) => setImmediate(r));
    } while (again && !stopped);
  }

  const purger = {
    /** Starts a run now (or another after the current one). */
    kick(): Promise<void> {
      if (stopped) return Promise.resolve();
      if (running) {
        again = true;
        return running;
      }
      running = run()
        .catch((err) => console.error('project purge failed (retried later):', err))
        .finally(() => (running = null));
      return running;
    },
    /** Until the deleted projects are gone (tests; the grace period for the row still applies). */
    async drain(): Promise<void> {
      await purger.kick();
    },
    /** Resumes deletions a restart interrupted, and finishes rows past their grace period. */
    start(everyMs = 60_000) {
      stopped = false;
      void purger.kick();
      timer = setInterval(() => void purger.kick(), everyMs);
      timer.unref();
    },
    /** After the batch under way: the next start (or process) goes on from there. */
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
  return purger;
}

export type ProjectPurger = ReturnType<typeof createProjectPurger>;
