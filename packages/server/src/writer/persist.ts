import type { Database } from '../db/types.js';
import type { IncomingEvent } from '../ingest/normalize.js';
import { rowsOf } from '../db/rows.js';
import { createPlacer } from './place.js';
import { storeEvents } from './store.js';

export type PersistBatch = (batch: IncomingEvent[]) => Promise<void>;

/**
 * Stores a batch atomically: find each event's issue (creating new ones), then insert the events and
 * update every counter in one statement. When the promise resolves, the batch is committed.
 * In the steady state (known issues) that is a single round trip, with no explicit transaction.
 */
export function createPersister({ db, hot }: Pick<Database, 'db' | 'hot'>): PersistBatch {
  const placer = createPlacer();
  return async (batch) => {
    const unique = new Map<string, IncomingEvent>();
    for (const e of batch) {
      const k = `${e.projectId}:${e.event.event_id}`;
      if (!unique.has(k)) unique.set(k, e);
    }
    const events = [...unique.values()];
    const known = placer.placeFromCache(events);
    if (known) {
      if (!(await storeEvents(hot, events, known)).issueGone) return;
      placer.clear(); // retention removed an issue this process knew: place the batch afresh
    }
    // an issue removed between placing and storing (retention, at that very moment): place again
    for (let attempt = 1; ; attempt++) {
      try {
        const placed = await db.transaction(async (tx) => {
          const result = await placer.place(tx, events);
          const stored = await storeEvents((q) => rowsOf(tx, q), events, result.placements);
          if (stored.issueGone) throw new IssueGone();
          return result;
        });
        placed.commit();
        return;
      } catch (err) {
        if (!(err instanceof IssueGone) || attempt >= 3) throw err;
      }
    }
  };
}

class IssueGone extends Error {}
