import { and, eq, isNull } from 'drizzle-orm';
import { projectKeys } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { ApiError } from '../http/errors.js';

const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * Public key → project, cached for 30 s per process so ingest does not query for it on every
 * request (a revoked key stops working within that time). Unknown keys are cached too, so a flood
 * with a wrong key does not reach the database either.
 */
export function createKeyResolver(db: Db, now: () => number = Date.now) {
  const cache = new Map<string, { projectId: number | null; until: number }>();

  async function lookup(key: string): Promise<number | null> {
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit.projectId;
    const [row] = await db
      .select({ projectId: projectKeys.projectId })
      .from(projectKeys)
      .where(and(eq(projectKeys.publicKey, key), isNull(projectKeys.revokedAt)))
      .limit(1);
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, { projectId: row?.projectId ?? null, until: now() + TTL_MS });
    return row?.projectId ?? null;
  }

  /** Checks that `key` may send events to `projectId`: 401 for a missing or unknown key, 403 for another project's. */
  return async function authorize(key: string | null | undefined, projectId: number): Promise<void> {
    if (!key) throw new ApiError('unauthorized', 'missing public key: send X-Faultline-Key or ?key=');
    if (!/^[0-9a-f]{32}$/i.test(key)) throw new ApiError('unauthorized', 'invalid public key');
    const owner = await lookup(key.toLowerCase());
    if (owner === null) throw new ApiError('unauthorized', 'invalid public key');
    if (owner !== projectId)
      throw new ApiError('forbidden', `this key does not belong to project ${projectId}`);
  };
}

export type KeyAuthorizer = ReturnType<typeof createKeyResolver>;
