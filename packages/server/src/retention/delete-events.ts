import { sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../db/rows.js';
import type { Db } from '../db/types.js';

/**
 * Deletes events and takes them off the storage counts (storage_daily) in the same statement, so
 * GET …/usage stays exact. `target` names the rows: `<events table> where …`; `ctes` may define what
 * it refers to. Returns the events deleted.
 */
export async function deleteEventsCounted(db: Db, target: SQL, ctes?: SQL): Promise<number> {
  const [row] = await rowsOf<{ n: number | string }>(
    db,
    sql`with ${ctes ? sql`${ctes},` : sql``}
      gone as (
        delete from ${target}
        returning project_id, date_trunc('day', received_at, 'UTC') as day, octet_length(data::text) as bytes),
      counted as (
        update storage_daily s set events = s.events - g.n, bytes = s.bytes - g.bytes
        from (select project_id, day, count(*) as n, sum(bytes) as bytes from gone group by 1, 2) g
        where s.project_id = g.project_id and s.day = g.day
        returning 1)
      select (select count(*) from gone) as n, (select count(*) from counted) as c`,
  );
  return Number(row?.n ?? 0);
}

/** Deletes `target` (`<table> where …`), returning how many rows went. */
export async function deleteRows(db: Db, target: SQL): Promise<number> {
  const [row] = await rowsOf<{ n: number | string }>(
    db,
    sql`with gone as (delete from ${target} returning 1) select count(*) as n from gone`,
  );
  return Number(row?.n ?? 0);
}
