import type { Db } from '../db/types.js';
import type { StoredEvent } from '../ingest/event.js';
import { createConsumerCache } from './cache.js';
import { createMapFinder, loadMap } from './maps.js';
import { symbolicateEvent, type Symbolicator } from './symbolicate.js';

/** Parsed maps kept in memory, by the size of their JSON. */
const CACHE_BYTES = 128 * 1024 * 1024;

export type Symbolicate = (projectId: number, event: StoredEvent) => Promise<void>;

export function createSymbolicate(db: Db, cacheBytes = CACHE_BYTES): Symbolicate {
  const find = createMapFinder(db);
  const cache = createConsumerCache(cacheBytes);
  const s: Symbolicator = {
    async mapFor(projectId, release, file, debugId) {
      const id = await find(projectId, release, file, debugId);
      return id === null ? null : cache.get(id, () => loadMap(db, projectId, id));
    },
  };
  return (projectId, event) => {
    if (!event.exception) return Promise.resolve();
    const debugIds = new Map((event.debug_meta?.images ?? []).map((i) => [i.code_file, i.debug_id]));
    return symbolicateEvent(projectId, event, s, debugIds);
  };
}
