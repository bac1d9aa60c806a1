import { sql } from 'drizzle-orm';
import { isDatabaseError } from '../db/errors.js';
import { rowsOf } from '../db/rows.js';
import type { Db } from '../db/types.js';

export const DAY = 86_400_000;
/** partitions made ahead of time: a week of days, so a stopped job has a week to come back */
export const DAYS_AHEAD = 7;

const startOfDay = (t: number) => Math.floor(t / DAY) * DAY;
/** events_p20261202 holds the events received on 2026-12-02 (UTC) */
export const partitionName = (day: number) =>
  `events_p${new Date(day).toISOString().slice(0, 10).replace(/-/g, '')}`;

export interface Partition {
  name: string;
  /** first instant it holds (ms) */
  from: number;
  /** first instant it does not hold */
  to: number;
}

/** The day partitions of events (not events_default), oldest first. */
export async function listPartitions(db: Db): Promise<Partition[]> {
  const rows = await rowsOf<{ name: string }>(
    db,
    sql`select c.relname as name from pg_inherits i
        join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
        where p.relname = 'events' and c.relname like 'events_p%' order by 1`,
  );
  return rows.map(({ name }) => {
    const d = name.slice('events_p'.length);
    const from = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8)));
    return { name, from, to: from + DAY };
  });
}

/**
 * Creates the day partitions from today to DAYS_AHEAD days on (those missing). Today's may fail: rows
 * of today already in events_default (a first start, a clock moved back) keep the day there.
 */
export async function ensurePartitions(db: Db, now: Date): Promise<string[]> {
  const have = new Set((await listPartitions(db)).map((p) => p.name));
  const created: string[] = [];
  const today = startOfDay(now.getTime());
  for (let day = today; day <= today + DAYS_AHEAD * DAY; day += DAY) {
    const name = partitionName(day);
    if (have.has(name)) continue;
    try {
      await db.execute(
        sql`create table if not exists ${sql.identifier(name)} partition of events
            for values from (${sql.raw(`'${new Date(day).toISOString()}'`)}) to (${sql.raw(`'${new Date(day + DAY).toISOString()}'`)})`,
      );
      created.push(name);
    } catch (err) {
      // 23514: events_default holds rows of that day; 42P07: another process made it meanwhile
      if (isDatabaseError(err, '23514') || isDatabaseError(err, '42P07')) continue;
      throw err;
    }
  }
  return created;
}

/** Drops the day partitions that end at or before `cutoff`: a day of events goes in one statement. */
export async function dropPartitionsBefore(db: Db, cutoff: Date): Promise<string[]> {
  const dropped: string[] = [];
  for (const p of await listPartitions(db)) {
    if (p.to > cutoff.getTime()) break;
    // the day's storage counts go with it, in one transaction
    await db.transaction(async (tx) => {
      await tx.execute(
        sql`delete from storage_daily where day = ${new Date(p.from).toISOString()}::timestamptz`,
      );
      await tx.execute(sql`drop table if exists ${sql.identifier(p.name)}`);
    });
    dropped.push(p.name);
  }
  return dropped;
}
