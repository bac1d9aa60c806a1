import { isUniqueViolation } from '../db/errors.js';
import { ApiError } from '../http/errors.js';
import { and, desc, eq, sql } from 'drizzle-orm';
import { sourcemaps } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { baseName, urlKey } from './url.js';

export interface MapRef {
  id: number;
}

const TTL_MS = 30_000;

/** what the API shows of a map (never its content) */
const LISTED = {
  id: sourcemaps.id,
  release: sourcemaps.release,
  url: sourcemaps.url,
  debugId: sourcemaps.debugId,
  size: sourcemaps.size,
  createdAt: sourcemaps.createdAt,
};

/**
 * Which stored map serves a frame: by debug id first, then the event's release and the file's URL
 * key, then the release and the file's base name when exactly one map has it (Node paths differ by
 * build directory, content-hashed names do not). Answers are cached for 30 s per process, misses
 * too: a map uploaded after its first event serves events from then on, within that time.
 */
export function createMapFinder(db: Db, now: () => number = Date.now) {
  const cache = new Map<string, { id: number | null; until: number }>();
  return async function find(
    projectId: number,
    release: string | null,
    file: string,
    debugId?: string,
  ): Promise<number | null> {
    const key = `${projectId}\u0000${release}\u0000${file}\u0000${debugId ?? ''}`;
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit.id;
    let id: number | null = null;
    if (debugId) {
      const [row] = await db
        .select({ id: sourcemaps.id })
        .from(sourcemaps)
        .where(and(eq(sourcemaps.projectId, projectId), eq(sourcemaps.debugId, debugId.toLowerCase())))
        .limit(1);
      id = row?.id ?? null;
    }
    if (id === null && release) {
      const byUrl = and(
        eq(sourcemaps.projectId, projectId),
        eq(sourcemaps.release, release),
        eq(sourcemaps.url, urlKey(file)),
      );
      const [row] = await db.select({ id: sourcemaps.id }).from(sourcemaps).where(byUrl).limit(1);
      id = row?.id ?? null;
      if (id === null) {
        const byName = await db
          .select({ id: sourcemaps.id })
          .from(sourcemaps)
          .where(
            and(
              eq(sourcemaps.projectId, projectId),
              eq(sourcemaps.release, release),
              eq(sourcemaps.name, baseName(file)),
            ),
          )
          .limit(2);
        if (byName.length === 1) id = byName[0]!.id;
      }
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { id, until: now() + TTL_MS });
    return id;
  };
}

export async function loadMap(db: Db, projectId: number, id: number): Promise<string> {
  const [row] = await db
    .select({ content: sourcemaps.content })
    .from(sourcemaps)
    .where(and(eq(sourcemaps.projectId, projectId), eq(sourcemaps.id, id)));
  if (!row) throw new Error(`source map ${id} is gone`);
  return row.content;
}

export async function saveMap(
  db: Db,
  m: { projectId: number; release: string; url: string; debugId: string | null; content: string },
) {
  const values = {
    ...m,
    url: urlKey(m.url),
    name: baseName(m.url),
    size: Buffer.byteLength(m.content),
    debugId: m.debugId?.toLowerCase() ?? null,
  };
  try {
    const [row] = await db
      .insert(sourcemaps)
      .values(values)
      .onConflictDoUpdate({
        target: [sourcemaps.projectId, sourcemaps.release, sourcemaps.url],
        set: {
          content: values.content,
          size: values.size,
          debugId: values.debugId,
          name: values.name,
          createdAt: sql`now()`,
        },
      })
      .returning(LISTED);
    return row!;
  } catch (err) {
    // a debug id names one file: the same id for another URL is a client mistake
    if (isUniqueViolation(err))
      throw new ApiError('conflict', `debug_id ${values.debugId} is already used by another source map`);
    throw err;
  }
}

export async function listMaps(db: Db, projectId: number, release: string | undefined) {
  return db
    .select(LISTED)
    .from(sourcemaps)
    .where(and(eq(sourcemaps.projectId, projectId), release ? eq(sourcemaps.release, release) : undefined))
    .orderBy(desc(sourcemaps.createdAt), desc(sourcemaps.id))
    .limit(1000);
}

export function mapJson(m: Awaited<ReturnType<typeof listMaps>>[number]) {
  return {
    id: m.id,
    release: m.release,
    url: m.url,
    debug_id: m.debugId,
    size: m.size,
    created_at: m.createdAt.toISOString(),
  };
}
