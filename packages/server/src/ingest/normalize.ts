import { computeGrouping, type GroupingResult } from '../grouping/index.js';
import type { StoredEvent } from './event.js';

/** What the batch writer stores for one accepted event. */
export interface IncomingEvent {
  projectId: number;
  event: StoredEvent;
  timestamp: Date;
  group: GroupingResult;
  /** the identity counted by user_count: user id, else email, else username, else IP */
  userKey: string | null;
}

export function toIncoming(projectId: number, event: StoredEvent): IncomingEvent {
  const group = computeGrouping({
    exceptions: (isMessageWithStack(event) ? [] : (event.exception?.values ?? [])).map((e) => ({
      type: e.type,
      value: e.value,
      frames: e.stacktrace.frames,
      synthetic: e.mechanism?.synthetic === true,
    })),
    message: event.message,
    messageFormat: event.message_format,
    clientFingerprint: event.fingerprint,
  });
  return { projectId, event, timestamp: new Date(event.timestamp), group, userKey: userKey(event.user) };
}

/**
 * Sentry SDKs (v10+) attach the call site's stack to captureMessage as a synthetic exception with no
 * type: that event is still a message, titled and grouped by its text.
 */
function isMessageWithStack(event: StoredEvent): boolean {
  const values = event.exception?.values ?? [];
  return (
    event.message !== null &&
    values.length === 1 &&
    !values[0]!.type &&
    values[0]!.mechanism?.synthetic === true
  );
}

function userKey(user: Record<string, unknown> | null): string | null {
  if (!user) return null;
  for (const key of ['id', 'email', 'username', 'ip_address']) {
    const v = user[key];
    if ((typeof v === 'string' && v) || typeof v === 'number') return `${key}:${String(v).slice(0, 200)}`;
  }
  return null;
}
