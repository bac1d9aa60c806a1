import { events as eventsTable } from '../db/schema.js';
import type { Db } from '../db/types.js';
import type { IncomingEvent } from '../ingest/normalize.js';
import { countHours, countIssues, countReleases, countTags, type Fresh } from './counters.js';
import { placeEvents } from './place.js';

/**
 * Stores a batch in ONE transaction: place events in issues, insert them (a known event_id is a
 * no-op), then update the counters from the events that were really new. When this resolves, every
 * event of the batch is committed.
 */
export async function persistBatch(db: Db, batch: IncomingEvent[]): Promise<void> {
  const unique = new Map<string, IncomingEvent>();
  for (const e of batch) {
    const k = `${e.projectId}:${e.event.event_id}`;
    if (!unique.has(k)) unique.set(k, e);
  }
  const events = [...unique.values()];
  await db.transaction(async (tx) => {
    const placements = await placeEvents(tx, events);
    const inserted = await tx
      .insert(eventsTable)
      .values(
        events.map((e, i) => ({
          projectId: e.projectId,
          eventId: e.event.event_id,
          issueId: placements[i]!.issueId,
          timestamp: e.timestamp,
          receivedAt: new Date(e.event.received_at),
          level: e.event.level,
          release: e.event.release,
          environment: e.event.environment,
          title: e.group.title,
          userKey: e.userKey,
          data: e.event,
        })),
      )
      .onConflictDoNothing()
      .returning({ projectId: eventsTable.projectId, eventId: eventsTable.eventId });
    if (!inserted.length) return;
    const isNew = new Set(inserted.map((r) => `${r.projectId}:${r.eventId}`));
    const fresh: Fresh[] = [];
    events.forEach((e, i) => {
      if (isNew.has(`${e.projectId}:${e.event.event_id}`)) fresh.push({ e, at: placements[i]! });
    });
    const newUsers = await countTags(tx, fresh);
    await countIssues(tx, fresh, newUsers);
    await countHours(tx, fresh);
    await countReleases(tx, fresh);
  });
}
