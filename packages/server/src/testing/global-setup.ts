// Runs once per test run, before any test file: prepares a migrated database that every test file
// copies, so no file pays for migrations (PGlite: a dumped data dir; PostgreSQL: a template database).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { migratePgliteClient, migratePostgresUrl } from '../db/migrate.js';
import { TEMPLATE_DB, type TestDatabaseInfo } from './db.js';

export default async function setup(project: TestProject) {
  const url = process.env.FAULTLINE_TEST_DATABASE_URL;
  let info: TestDatabaseInfo;
  let cleanup: () => Promise<void>;
  if (url) {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${TEMPLATE_DB}`);
    // FAULTLINE_TEST_DB_ICU=en-US: databases with a locale's collation instead of C, so that ordering
    // that depends on byte order (release keys) is caught where it would break
    const icu = process.env.FAULTLINE_TEST_DB_ICU;
    await admin.unsafe(
      icu && /^[A-Za-z-]+$/.test(icu)
        ? `create database ${TEMPLATE_DB} locale_provider icu icu_locale '${icu}' template template0`
        : `create database ${TEMPLATE_DB}`,
    );
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${TEMPLATE_DB}`;
    await migratePostgresUrl(templateUrl.toString());
    await admin.end();
    info = { kind: 'postgres', adminUrl: url };
    cleanup = async () => {};
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-test-'));
    const pg = await PGlite.create();
    await migratePgliteClient(pg);
    const dump = await pg.dumpDataDir('none');
    await pg.close();
    const snapshotPath = join(dir, 'snapshot.tar');
    writeFileSync(snapshotPath, Buffer.from(await dump.arrayBuffer()));
    info = { kind: 'pglite', snapshotPath };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  project.provide('testDatabase', info);
  return cleanup;
}
