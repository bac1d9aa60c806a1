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
    exceptions: (event.exception?.values ?? []).map((e) => ({
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

function userKey(user: Record<string, unknown> | null): string | null {
  if (!user) return null;
  for (const key of ['id', 'email', 'username', 'ip_address']) {
    const v = user[key];
    if ((typeof v === 'string' && v) || typeof v === 'number') return `${key}:${String(v).slice(0, 200)}`;
  }
  return null;
}
