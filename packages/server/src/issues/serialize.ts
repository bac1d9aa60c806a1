import { shownSubstatus } from './lifecycle.js';
import type { EventRow, IssueRow } from '../db/schema.js';
import type { StoredEvent } from '../ingest/event.js';

/** The Issue of api.md. */
export function issueJson(i: IssueRow, now: Date) {
  return {
    id: i.id,
    project_id: i.projectId,
    fingerprint: i.fingerprint,
    title: i.title,
    culprit: i.culprit,
    type: i.type,
    value: i.value,
    level: i.level,
    platform: i.platform,
    status: i.status,
    substatus: shownSubstatus(i, now),
    count: i.count,
    user_count: i.userCount,
    first_seen: i.firstSeen.toISOString(),
    last_seen: i.lastSeen.toISOString(),
    first_release: i.firstRelease,
    last_release: i.lastRelease,
    resolved_in_release: i.resolvedInRelease,
    resolved_in_next_release: i.resolvedBeforeRelease !== null,
    resolved_at: i.resolvedAt?.toISOString() ?? null,
    ignore_until: i.ignoreUntil?.toISOString() ?? null,
    ignore_until_count: i.ignoreUntilCount,
    assignee: i.assignee,
    merged_into: i.mergedInto,
  };
}

export function eventSummaryJson(e: Omit<EventRow, 'data' | 'userKey'>) {
  return {
    event_id: e.eventId,
    issue_id: e.issueId,
    timestamp: e.timestamp.toISOString(),
    received_at: e.receivedAt.toISOString(),
    release: e.release,
    environment: e.environment,
    level: e.level,
    message: e.title,
  };
}

export function eventJson(e: EventRow) {
  return {
    ...(e.data as StoredEvent),
    project_id: e.projectId,
    issue_id: e.issueId,
    title: e.title,
  };
}
