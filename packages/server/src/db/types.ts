import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.js';

// One type for both drivers (PGlite and postgres.js), so no code path depends on which one runs.
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DbKind = 'pglite' | 'postgres';

/** Runs one statement as a prepared statement (parsed and planned once per connection). */
export type HotQuery = <T>(query: SQL) => Promise<T[]>;

export interface Database {
  db: Db;
  kind: DbKind;
  /** for the ingest hot path: drizzle's execute() re-plans every call, which costs ms on big statements */
  hot: HotQuery;
  /** Applies the committed drizzle-kit migrations (idempotent). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}
