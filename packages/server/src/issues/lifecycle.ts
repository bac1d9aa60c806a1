import { sql, type SQL } from 'drizzle-orm';
import type { issues } from '../db/schema.js';
import { releaseKey } from '../releases/semver.js';

/**
 * The life of an issue, in one place: its statuses, and every transition between them with the
 * columns it sets or clears. The API (PATCH, bulk PATCH), auto-resolve on deploy, merge and the event
 * writer (regression, unignore) all take their changes from here; nothing else writes `status`.
 *
 *   unresolved ──resolve──▶ resolved ──event from a newer release (or any, if not held)──▶ unresolved/regressed
 *   unresolved ──ignore───▶ ignored  ──ignore time or count runs out──────────────────────▶ unresolved/ongoing
 *   resolved | ignored ──unresolve──▶ unresolved/ongoing
 *   any ──merge──▶ merged (the row stays so that its hashes still lead to the issue kept)
 */
export const STATUSES = ['unresolved', 'resolved', 'ignored', 'merged'] as const;
export type Status = (typeof STATUSES)[number];
/** Only an unresolved issue has a substatus: new (its first week), ongoing, or regressed. */
export const SUBSTATUSES = ['new', 'ongoing', 'regressed'] as const;
export type Substatus = (typeof SUBSTATUSES)[number];
/** What a transition writes to the issue's history (issue_activity.kind). */
export type ActivityKind =
  | 'first_seen'
  | 'resolved'
  | 'unresolved'
  | 'ignored'
  | 'regressed'
  | 'reopened'
  | 'merged'
  | 'assigned'
  | 'unassigned';

/** What a history entry carries besides kind, time, release and actor. */
export interface ActivityData {
  /** resolved in the release after `release` */
  next_release?: boolean;
  assignee?: string | null;
  /** ignored until (time, or absolute count) */
  until?: Date | string | null;
  until_count?: number | null;
  /** merged: the issues merged into this one; merged_into: the issue this one went to */
  merged?: number[];
  into?: number;
}

/** An issue stays "new" for its first 7 days, then it is "ongoing" (without a write). */
export const NEW_FOR_MS = 7 * 86_400_000;

export type IssueColumns = typeof issues.$inferInsert;
/** The columns a transition sets: values, or SQL over the row for what depends on it. */
export type IssueSet = { [K in keyof IssueColumns]?: IssueColumns[K] | SQL };

/** Every column that belongs to a status other than "unresolved", cleared when the status changes. */
const CLEARED: IssueSet = {
  resolvedAt: null,
  resolvedInRelease: null,
  resolvedBeforeRelease: null,
  holdReleaseKey: null,
  ignoreUntil: null,
  ignoreUntilCount: null,
};

/** What a triager can ask for (PATCH body of api.md, already validated). */
export type StatusChange =
  | { status: 'unresolved' }
  | { status: 'resolved'; inRelease?: string; inNextRelease?: boolean }
  | { status: 'ignored'; until?: Date; count?: number };

export const transitions = {
  /** Resolved now: any later event reopens it as a regression. */
  resolve: (now: Date): IssueSet => ({ ...CLEARED, status: 'resolved', substatus: null, resolvedAt: now }),

  /** Resolved in `version`: events from that release or older keep it resolved. */
  resolveInRelease: (now: Date, version: string): IssueSet => ({
    ...transitions.resolve(now),
    resolvedInRelease: version,
    holdReleaseKey: releaseKey(version),
  }),

  /**
   * Resolved in the release after `newest`, the newest release the project has seen (api.md): events
   * from it or older releases keep the issue resolved. A project without releases holds against the
   * issue's own last release.
   */
  resolveInNextRelease: (now: Date, newest: string | null): IssueSet => ({
    ...transitions.resolve(now),
    resolvedBeforeRelease: newest ?? sql`issues.last_release`,
    holdReleaseKey: newest !== null ? releaseKey(newest) : sql`issues.last_release_key`,
  }),

  /** Ignored until a time, or until `count` more events (stored as the absolute count), or for good. */
  ignore: (until?: Date, count?: number): IssueSet => ({
    ...CLEARED,
    status: 'ignored',
    substatus: null,
    ignoreUntil: until ?? null,
    ignoreUntilCount: count === undefined ? null : sql`issues.count + ${count}`,
  }),

  unresolve: (): IssueSet => ({ ...CLEARED, status: 'unresolved', substatus: 'ongoing' }),

  /** A deploy with auto_resolve_on_deploy resolves what was unresolved in its environment. */
  autoResolveOnDeploy: (now: Date): IssueSet => transitions.resolve(now),

  merge: (target: number): IssueSet => ({
    ...CLEARED,
    status: 'merged',
    substatus: null,
    mergedInto: target,
  }),
};

/** The columns of a triager's change, and what it writes to history. */
export function applyChange(
  change: StatusChange,
  now: Date,
  newestRelease: string | null,
): { set: IssueSet; kind: ActivityKind } {
  switch (change.status) {
    case 'unresolved':
      return { set: transitions.unresolve(), kind: 'unresolved' };
    case 'ignored':
      return { set: transitions.ignore(change.until, change.count), kind: 'ignored' };
    case 'resolved':
      return {
        set: change.inRelease
          ? transitions.resolveInRelease(now, change.inRelease)
          : change.inNextRelease
            ? transitions.resolveInNextRelease(now, newestRelease)
            : transitions.resolve(now),
        kind: 'resolved',
      };
  }
}

/** The substatus shown: "new" ends after NEW_FOR_MS without a write; only unresolved issues have one. */
export function shownSubstatus(
  i: { status: string; substatus: string | null; firstSeen: Date },
  now: Date,
): Substatus | null {
  if (i.status !== 'unresolved') return null;
  if (i.substatus === 'new' && now.getTime() - i.firstSeen.getTime() > NEW_FOR_MS) return 'ongoing';
  return i.substatus as Substatus | null;
}

// ---- The writer's transitions, in SQL over `issues` and the batch's per-issue aggregate `v` ----------
// (v.n events, v.last_seen, v.new_release: the batch's newest release, v.max_key: its semver key)

// Release order (api.md, "Release semantics"): by semver key when both parse, else by when the project
// first saw them (a release not in the releases table yet is being seen now: the newest). Keys compare
// byte-wise (COLLATE "C"): a locale's collation would sort "-" and "~" its own way.
const firstSeen = (release: SQL, missing: 'infinity' | '-infinity') =>
  sql`coalesce((select r.first_seen from releases r where r.project_id = issues.project_id and r.version = ${release}), ${missing}::timestamptz)`;
const notOlder = (a: SQL, aKey: SQL, b: SQL, bKey: SQL) => sql`(
  (${aKey} is not null and ${bKey} is not null and ${aKey} collate "C" >= ${bKey} collate "C")
  or ((${aKey} is null or ${bKey} is null) and ${firstSeen(a, 'infinity')} >= ${firstSeen(b, '-infinity')}))`;

/** The batch's newest release is at least as new as the issue's last one: it becomes last_release. */
export const NEWER_RELEASE = sql`(v.new_release is not null and (issues.last_release is null or ${notOlder(
  sql`v.new_release`,
  sql`v.max_key`,
  sql`issues.last_release`,
  sql`issues.last_release_key`,
)}))`;

// A resolved issue is held (stays resolved) while events come from a release not newer than the one it
// was resolved in (resolved in R, or the newest release when "resolved in next release" was chosen).
const HELD = sql`(
  (issues.hold_release_key is not null and v.max_key is not null
    and v.max_key collate "C" <= issues.hold_release_key collate "C")
  or (issues.hold_release_key is null
      and coalesce(issues.resolved_in_release, issues.resolved_before_release) is not null
      and v.new_release is not null
      and ${firstSeen(sql`v.new_release`, 'infinity')}
          <= ${firstSeen(sql`coalesce(issues.resolved_in_release, issues.resolved_before_release)`, '-infinity')}))`;
/** regression: a resolved issue gets an event it is not held against */
const REGRESS = sql`(issues.status = 'resolved' and not ${HELD})`;
/** unignore: an ignored issue's time or count ran out */
const UNIGNORE = sql`(issues.status = 'ignored' and (
  (issues.ignore_until is not null and v.last_seen >= issues.ignore_until)
  or (issues.ignore_until_count is not null and issues.count + v.n >= issues.ignore_until_count)))`;

/** The SET list of the writer's issue update for status and the columns that go with it. */
export const WRITER_STATUS_SET = sql`
  status = case when ${REGRESS} or ${UNIGNORE} then 'unresolved' else issues.status end,
  substatus = case when ${REGRESS} then 'regressed' when ${UNIGNORE} then 'ongoing' else issues.substatus end,
  resolved_at = case when ${REGRESS} then null else issues.resolved_at end,
  resolved_in_release = case when ${REGRESS} then null else issues.resolved_in_release end,
  resolved_before_release = case when ${REGRESS} then null else issues.resolved_before_release end,
  hold_release_key = case when ${REGRESS} then null else issues.hold_release_key end,
  ignore_until = case when ${UNIGNORE} then null else issues.ignore_until end,
  ignore_until_count = case when ${UNIGNORE} then null else issues.ignore_until_count end`;

/** The history entry of a status the writer changed (old → unresolved), given the old status's column. */
export const writerActivityKind = (oldStatus: SQL) =>
  sql`case when ${oldStatus} = 'resolved' then 'regressed' else 'reopened' end`;
