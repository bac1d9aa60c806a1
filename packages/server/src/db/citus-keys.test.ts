import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { DISTRIBUTED_TABLES, REFERENCE_TABLES } from './distribution.js';
import { rowsOf } from './rows.js';

// The schema as migrations leave it, read from the catalog: what Citus would need to distribute it.
let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const distributed = new Set<string>(DISTRIBUTED_TABLES);
const reference = new Set<string>(REFERENCE_TABLES);

describe('keys led by project_id (the path to Citus)', () => {
  it('puts every table in exactly one list', async () => {
    const tables = await rowsOf<{ name: string }>(
      database.db,
      sql`select relname as name from pg_class
          where relnamespace = 'public'::regnamespace and relkind in ('r', 'p') and not relispartition
          order by 1`,
    );
    const names = tables.map((t) => t.name);
    // a new table must be placed in distribution.ts before it ships
    expect(names.filter((n) => !distributed.has(n) && !reference.has(n))).toEqual([]);
    expect([...distributed, ...reference].filter((n) => !names.includes(n))).toEqual([]);
    expect([...distributed].filter((n) => reference.has(n))).toEqual([]);
  });

  it('starts every primary key and unique index of a distributed table with project_id', async () => {
    const keys = await rowsOf<{ table: string; index: string; columns: string[] }>(
      database.db,
      sql`select c.relname as table, i.relname as index,
                 array(select a.attname::text from unnest(x.indkey) with ordinality k(attnum, n)
                       join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum order by k.n) as columns
          from pg_index x join pg_class c on c.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
          where c.relnamespace = 'public'::regnamespace and not c.relispartition and x.indisunique`,
    );
    const ofDistributed = keys.filter((k) => distributed.has(k.table));
    // every distributed table has a primary key, so the check below is not vacuous
    expect(new Set(ofDistributed.map((k) => k.table)).size).toBe(distributed.size);
    const notLed = ofDistributed.filter((k) => k.columns[0] !== 'project_id');
    expect(notLed.map((k) => `${k.index} (${k.columns.join(', ')})`)).toEqual([]);
  });

  it('has no foreign key between distributed tables, nor from a reference table to one', async () => {
    const fks = await rowsOf<{ from: string; to: string }>(
      database.db,
      sql`select c.relname as from, r.relname as to from pg_constraint k
          join pg_class c on c.oid = k.conrelid join pg_class r on r.oid = k.confrelid
          where k.contype = 'f' and c.relnamespace = 'public'::regnamespace and not c.relispartition`,
    );
    expect(fks.length).toBeGreaterThan(0);
    // Citus allows distributed → reference and reference → reference only
    expect(fks.filter((f) => distributed.has(f.to)).map((f) => `${f.from} → ${f.to}`)).toEqual([]);
  });
});
