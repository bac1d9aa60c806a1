import { sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../db/rows.js';
import type { Tx } from '../db/rows.js';
import type { Db } from '../db/types.js';

/**
 * Revokes the tokens that match `where` and every token created by one of them, at any depth: a
 * token a leaked token made is revoked with it. Returns the ids revoked now.
 */
export async function revokeTokenTree(db: Db | Tx, where: SQL, now: Date): Promise<number[]> {
  const rows = await rowsOf<{ id: number }>(
    db,
    sql`with recursive tree as (
          select id from api_tokens where ${where}
          union
          select t.id from api_tokens t join tree on t.parent_token_id = tree.id
        )
        update api_tokens set revoked_at = ${now.toISOString()}::timestamptz
        where id in (select id from tree) and revoked_at is null
        returning id`,
  );
  return rows.map((r) => Number(r.id));
}
