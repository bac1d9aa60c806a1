import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/rows.js';
import type { Db } from '../db/types.js';

/**
 * Whether this process runs job `name` now: true for exactly one caller per interval, however many
 * processes ask (one UPDATE moves the job's row forward; only the one that moved it runs). No lock is
 * held while the job runs, so a long job never blocks another process.
 */
export async function claimJob(db: Db, name: string, intervalMs: number, now: Date): Promise<boolean> {
  const due = new Date(now.getTime() - intervalMs).toISOString();
  const at = now.toISOString();
  const rows = await rowsOf<{ name: string }>(
    db,
    sql`insert into job_runs (name, last_run) values (${name}, ${at}::timestamptz)
        on conflict (name) do update set last_run = excluded.last_run
        where job_runs.last_run <= ${due}::timestamptz
        returning name`,
  );
  return rows.length > 0;
}
