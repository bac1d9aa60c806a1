import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/open.js';
import { rowsOf } from '../db/rows.js';
import type { Database, Db } from '../db/types.js';

/** The database's size on disk, in bytes (benchmarks). */
export async function databaseSize(db: Db): Promise<number> {
  const [row] = await rowsOf<{ n: string }>(db, sql`select pg_database_size(current_database()) as n`);
  return Number(row?.n ?? 0);
}

/** A migrated database for a benchmark run outside vitest: PostgreSQL at `url`, else in-memory PGlite. */
export async function openBenchDatabase(url: string | undefined): Promise<Database> {
  const database = await openDatabase({ url: url ?? 'memory://', dataDir: '' });
  await database.migrate();
  return database;
}

/** The ten largest tables with their indexes, in MB (benchmarks). */
export async function tableSizes(db: Db): Promise<Record<string, number>> {
  const rows = await rowsOf<{ name: string; bytes: string }>(
    db,
    sql`select relname as name, pg_total_relation_size(oid) as bytes from pg_class
        where relkind = 'r' and relnamespace = 'public'::regnamespace order by 2 desc limit 10`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, Math.round(Number(r.bytes) / 104857.6) / 10]));
}
