import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { acquireDataDirLock } from './lock.js';
import { migratePgliteClient, migratePostgresUrl } from './migrate.js';
import * as schema from './schema.js';
import type { Database, Db } from './types.js';

export interface OpenOptions {
  /** postgres://… for a server, memory:// for a throwaway in-process database, unset for PGlite on disk. */
  url?: string | undefined;
  dataDir: string;
  /** A PGlite data dir dump (from `dumpDataDir`) to start from: tests reuse a migrated snapshot. */
  snapshot?: Blob | undefined;
  /** postgres.js pool size */
  poolSize?: number;
}

const dialect = new PgDialect();

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const url = options.url;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const client = postgres(url, {
      max: options.poolSize ?? 10,
      onnotice: () => {},
      // one connection attempt may take 2 s (the default 30 s would hold requests that long)
      connect_timeout: 2,
      // postgres.js's default reconnect delay grows to 10-20 s after a few failures, which is how long
      // recovery took after an outage: a short, jittered, constant delay instead
      backoff: () => 0.1 + Math.random() * 0.15,
    });
    return {
      db: drizzlePostgres(client, { schema }) as unknown as Db,
      kind: 'postgres',
      hot: async <T>(query: SQL) => {
        const q = dialect.sqlToQuery(query);
        return (await client.unsafe(q.sql, q.params as never[], { prepare: true })) as unknown as T[];
      },
      migrate: () => migratePostgresUrl(url),
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (url && url !== 'memory://') {
    throw new Error(`DATABASE_URL must start with postgres:// or be memory://, got "${url}"`);
  }
  const inMemory = url === 'memory://';
  const release = inMemory ? () => {} : acquireDataDirLock(options.dataDir);
  try {
    const pg = await PGlite.create(inMemory ? undefined : join(options.dataDir, 'pg'), {
      loadDataDir: options.snapshot,
    });
    return {
      db: drizzlePglite(pg, { schema }) as unknown as Db,
      kind: 'pglite',
      hot: async <T>(query: SQL) => {
        const q = dialect.sqlToQuery(query);
        return (await pg.query<T>(q.sql, q.params)).rows;
      },
      migrate: () => migratePgliteClient(pg),
      close: async () => {
        await pg.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}
