import { and, eq, isNull } from 'drizzle-orm';
import { projectKeys, projects } from '../db/schema.js';
import type { Db } from '../db/types.js';
import type { Refusal } from './refuse.js';
import type { ProjectQuota } from './quotas.js';
import { createScrubber, type Scrubber } from './scrub.js';

// a revoked key stops working within this time in every process (at once in the one that revoked it)
const TTL_MS = 4_000;
const MAX_ENTRIES = 10_000;
const KEY = /^[0-9a-f]{32}$/i;

/**
 * Public key → project, cached for 4 s per process so ingest does not query for it on every
 * request (a revoked key stops working within that time). Unknown keys are cached too, so a flood
 * with a wrong key does not reach the database either. Answers with a refusal rather than throwing:
 * refusing is on the hot path of a flood.
 */
export function createKeyResolver(db: Db, now: () => number = Date.now) {
  type Entry = { projectId: number; keyId: number; scrub: Scrubber; quota: ProjectQuota } | null;
  const cache = new Map<string, { entry: Entry; until: number }>();

  async function lookup(key: string): Promise<Entry> {
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit.entry;
    const [row] = await db
      .select({ projectId: projectKeys.projectId, keyId: projectKeys.id, settings: projects.settings })
      .from(projectKeys)
      .innerJoin(projects, eq(projects.id, projectKeys.projectId))
      .where(and(eq(projectKeys.publicKey, key), isNull(projectKeys.revokedAt), isNull(projects.deletedAt)))
      .limit(1);
    const entry: Entry = row
      ? {
          projectId: row.projectId,
          keyId: row.keyId,
          scrub: createScrubber({
            sensitiveFields: row.settings.sensitive_fields ?? [],
            scrubIpAddresses: row.settings.scrub_ip_addresses ?? false,
          }),
          quota: {
            rate_limit_per_second: row.settings.rate_limit_per_second,
            spike_protection: row.settings.spike_protection,
          },
        }
      : null;
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, { entry, until: now() + TTL_MS });
    return entry;
  }

  /**
   * Whether `key` may send events to `projectId`: its project's scrubbing rules if so (a settings
   * change reaches ingest within the cache's 4 s), else a 401 (missing or unknown key) or 403.
   */
  const authorize = async function authorize(
    key: string | null | undefined,
    projectId: number,
  ): Promise<{ refusal: Refusal } | { refusal: null; keyId: number; scrub: Scrubber; quota: ProjectQuota }> {
    if (!key)
      return {
        refusal: { code: 'unauthorized', message: 'missing public key: send X-Faultline-Key or ?key=' },
      };
    if (!KEY.test(key)) return { refusal: { code: 'unauthorized', message: 'invalid public key' } };
    const entry = await lookup(key.toLowerCase());
    if (entry === null) return { refusal: { code: 'unauthorized', message: 'invalid public key' } };
    if (entry.projectId !== projectId)
      return { refusal: { code: 'forbidden', message: `this key does not belong to project ${projectId}` } };
    return { refusal: null, keyId: entry.keyId, scrub: entry.scrub, quota: entry.quota };
  };
  /** Drops a key from this process's cache (it was revoked here). */
  const forget = (key: string) => void cache.delete(key.toLowerCase());
  return Object.assign(authorize, { forget });
}

export type KeyAuthorizer = ReturnType<typeof createKeyResolver>;
