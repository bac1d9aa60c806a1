import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase } from '../db/open.js';
import type { Database } from '../db/types.js';

export const TEMPLATE_DB = 'faultline_test_template';

export type TestDatabaseInfo =
  { kind: 'pglite'; snapshotPath: string } | { kind: 'postgres'; adminUrl: string };

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: TestDatabaseInfo;
  }
}

/**
 * A fresh, migrated, empty database for one test file: a PGlite loaded from the run's snapshot, or a
 * new PostgreSQL database copied from the migrated template. close() throws it away.
 */
export interface TestDatabase extends Database {
  /** postgres:// URL of this database (PostgreSQL runs only), for starting server processes on it */
  url?: string;
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const info = inject('testDatabase');
  if (info.kind === 'pglite') {
    const snapshot = new Blob([readFileSync(info.snapshotPath)]);
    return openDatabase({ url: 'memory://', dataDir: '', snapshot });
  }
  const name = `faultline_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(info.adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${TEMPLATE_DB}`);
  const url = new URL(info.adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), dataDir: '' });
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export const testDatabaseKind = () => inject('testDatabase').kind;
