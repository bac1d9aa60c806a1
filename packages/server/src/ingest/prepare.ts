import type { Symbolicate } from '../symbolicate/index.js';
import { boundContext, capEvent } from './cap.js';
import { toIncoming, type IncomingEvent } from './normalize.js';
import type { Scrubber } from './scrub.js';
import { tagUserAgent } from './user-agent.js';
import { validateEvent } from './validate.js';

export interface PrepareContext {
  projectId: number;
  symbolicate: Symbolicate;
  /** the project's scrubbing rules */
  scrub: Scrubber;
}

/**
 * validate → scrub → tag browser/OS/device → symbolicate (source maps) → fingerprint → bound its size: what every ingest
 * endpoint does to an event. Grouping sees the whole source line; storage gets a window of it.
 */
export async function prepareEvent(
  ctx: PrepareContext,
  raw: unknown,
  receivedAt: Date,
): Promise<IncomingEvent> {
  const event = ctx.scrub.event(validateEvent(raw, receivedAt));
  tagUserAgent(event);
  await ctx.symbolicate(ctx.projectId, event);
  const incoming = toIncoming(ctx.projectId, event);
  boundContext(event);
  capEvent(event);
  return incoming;
}
