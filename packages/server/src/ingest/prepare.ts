import type { Symbolicate } from '../symbolicate/index.js';
import { toIncoming, type IncomingEvent } from './normalize.js';
import { validateEvent } from './validate.js';

/** validate → symbolicate (source maps) → fingerprint: what every ingest endpoint does to an event. */
export async function prepareEvent(
  symbolicate: Symbolicate,
  projectId: number,
  raw: unknown,
  receivedAt: Date,
): Promise<IncomingEvent> {
  const event = validateEvent(raw, receivedAt);
  await symbolicate(projectId, event);
  return toIncoming(projectId, event);
}
