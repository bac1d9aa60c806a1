import type { SQL } from 'drizzle-orm';
import type { Db } from './types.js';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Rows of a raw query: postgres.js returns an array, PGlite a `{ rows }` object. */
export async function rowsOf<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
