// The one source of row types. Every table that will grow with traffic carries project_id in its
// primary key and indexes, so it can later be distributed by project (design.md, Scaling out).
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { ROLES } from '../auth/roles.js';
import { STATUSES, SUBSTATUSES, type ActivityData, type ActivityKind } from '../issues/lifecycle.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const counter = (name: string) => bigint(name, { mode: 'number' }).notNull().default(0);

export const projects = pgTable('projects', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  // { auto_resolve_on_deploy?: boolean }
  settings: jsonb('settings').$type<ProjectSettings>().notNull().default({}),
  createdAt: ts('created_at').notNull().defaultNow(),
  // deleted: hidden at once, its rows removed in background batches (projects/purge.ts), then this row
  deletedAt: ts('deleted_at'),
  // days its events are kept; null: the instance's FAULTLINE_RETENTION_DAYS (retention/)
  retentionDays: integer('retention_days'),
  // stored events it keeps at most; null: the instance's FAULTLINE_MAX_EVENTS (retention/evict.ts)
  maxEvents: integer('max_events'),
});

export interface ProjectSettings {
  /** a deploy to an environment resolves the issues open there (Honeybadger style); off by default */
  auto_resolve_on_deploy?: boolean;
  /** keys scrubbed from events besides the built-in ones (password, token, …) */
  sensitive_fields?: string[];
  /** drop user.ip_address and client-address headers from events */
  scrub_ip_addresses?: boolean;
  /** events per second the project takes, per server process (ingest/quotas.ts); unset: no limit */
  rate_limit_per_second?: number;
  /** refuse (and count as dropped) what goes beyond 10× the project's trailing-hour rate */
  spike_protection?: boolean;
}

export const projectKeys = pgTable(
  'project_keys',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    publicKey: text('public_key').notNull(),
    label: text('label').notNull().default('Default'),
    createdAt: ts('created_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    uniqueIndex('project_keys_public_key').on(t.publicKey),
    index('project_keys_project').on(t.projectId),
  ],
);

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull().default(''),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ROLES }).notNull().default('member'),
  createdAt: ts('created_at').notNull().defaultNow(),
  // removed by an admin: kept so that comments and history still name them; cannot log in
  removedAt: ts('removed_at'),
});

/** One-use invitations (users/invites.ts); the token is stored as sha256. */
export const invites = pgTable(
  'invites',
  {
    id: serial('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    email: text('email').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    invitedBy: integer('invited_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    acceptedAt: ts('accepted_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('invites_email').on(t.email)],
);

/** Failed logins, per email and per client address, for throttling (auth/throttle.ts). */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: serial('id').primaryKey(),
    // "email:<address>" or "ip:<address>"
    key: text('key').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('login_failures_key_at').on(t.key, t.at)],
);

export const apiTokens = pgTable('api_tokens', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  // sha256 of the token: a leaked database does not leak usable tokens.
  tokenHash: text('token_hash').notNull().unique(),
  scopes: text('scopes').array().notNull(),
  // null = every project
  projectIds: integer('project_ids').array(),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  // the token that created this one (null: created by a session or at bootstrap); revoked with it
  parentTokenId: integer('parent_token_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
});

export const sessions = pgTable('sessions', {
  // sha256 of the cookie value
  id: text('id').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
});

export const releases = pgTable(
  'releases',
  {
    id: serial('id').notNull(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    version: text('version').notNull(),
    firstSeen: ts('first_seen').notNull(),
    lastSeen: ts('last_seen').notNull(),
    eventCount: counter('event_count'),
    newIssues: integer('new_issues').notNull().default(0),
    regressedIssues: integer('regressed_issues').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    uniqueIndex('releases_project_version').on(t.projectId, t.version),
  ],
);

export const issues = pgTable(
  'issues',
  {
    id: serial('id').notNull(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    // the hash the issue was created under; issue_hashes maps every hash that leads here
    fingerprint: text('fingerprint').notNull(),
    // the throw site the issue is known by (grouping/resolve.ts); null until a readable stack arrives
    site: text('site'),
    groupingVersion: smallint('grouping_version').notNull(),
    grouping: jsonb('grouping').notNull(),
    title: text('title').notNull(),
    culprit: text('culprit').notNull().default(''),
    type: text('type').notNull().default(''),
    value: text('value').notNull().default(''),
    level: text('level').notNull().default('error'),
    platform: text('platform'),
    status: text('status', { enum: STATUSES }).notNull().default('unresolved'),
    substatus: text('substatus', { enum: SUBSTATUSES }).default('new'),
    count: counter('count'),
    userCount: integer('user_count').notNull().default(0),
    firstSeen: ts('first_seen').notNull(),
    lastSeen: ts('last_seen').notNull(),
    firstRelease: text('first_release'),
    lastRelease: text('last_release'),
    // the semver key of last_release (releases/semver.ts), so the writer can tell a newer release
    lastReleaseKey: text('last_release_key'),
    resolvedInRelease: text('resolved_in_release'),
    // "resolve in next release": events still coming from this release do not reopen the issue
    resolvedBeforeRelease: text('resolved_before_release'),
    // sortable form (releases/semver.ts) of the release events must be newer than to reopen the issue
    holdReleaseKey: text('hold_release_key'),
    // merged into another issue: this row stays so that cached hash → issue mappings still lead there
    mergedInto: integer('merged_into'),
    resolvedAt: ts('resolved_at'),
    ignoreUntil: ts('ignore_until'),
    // an ignore "until N more events" is stored as the absolute count that reopens the issue
    ignoreUntilCount: bigint('ignore_until_count', { mode: 'number' }),
    assignee: text('assignee'),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    // ids are unique by their sequence; the writer and the alert pipeline look issues up by id alone
    index('issues_id').on(t.id),
    uniqueIndex('issues_project_fingerprint').on(t.projectId, t.fingerprint),
    index('issues_list_last_seen').on(t.projectId, t.status, t.lastSeen.desc(), t.id.desc()),
    index('issues_list_first_seen').on(t.projectId, t.status, t.firstSeen.desc(), t.id.desc()),
    index('issues_list_count').on(t.projectId, t.status, t.count.desc(), t.id.desc()),
  ],
);

// Every hash that files events into an issue: its own, the fallback of its group, hashes of issues
// merged into it, and (later) hashes of other grouping versions, so a new algorithm never splits issues.
export const issueHashes = pgTable(
  'issue_hashes',
  {
    projectId: integer('project_id').notNull(),
    hash: text('hash').notNull(),
    issueId: integer('issue_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.hash] }),
    index('issue_hashes_issue').on(t.projectId, t.issueId),
  ],
);

export const events = pgTable(
  'events',
  {
    projectId: integer('project_id').notNull(),
    eventId: text('event_id').notNull(),
    issueId: integer('issue_id').notNull(),
    timestamp: ts('timestamp').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    level: text('level').notNull(),
    release: text('release'),
    environment: text('environment'),
    title: text('title').notNull(),
    userKey: text('user_key'),
    // json, not jsonb: stored and returned whole, never queried inside, and cheaper to insert
    data: json('data').notNull(),
  },
  // Partitioned by day of received_at (migration 0007, retention/partitions.ts): old days are dropped
  // whole. A partitioned table's keys must hold the partition column, so event_id's uniqueness per
  // project is kept by event_ids below.
  (t) => [
    primaryKey({ columns: [t.projectId, t.eventId, t.receivedAt] }),
    index('events_issue_time').on(t.projectId, t.issueId, t.timestamp.desc(), t.eventId.desc()),
  ],
);

// The event ids a project sent in the last EVENT_ID_DAYS days (retention/): a retried event is stored
// once however many day partitions lie between its tries. Two short columns a row, pruned by age.
export const eventIds = pgTable(
  'event_ids',
  {
    projectId: integer('project_id').notNull(),
    eventId: text('event_id').notNull(),
    receivedAt: ts('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.eventId] }), index('event_ids_received').on(t.receivedAt)],
);

// Stored events and their bytes per project and day received: what GET …/usage and /metrics report,
// kept exact by the writer (adds) and retention (a dropped day is its row; row deletions subtract),
// so nothing ever counts the events themselves.
export const storageDaily = pgTable(
  'storage_daily',
  {
    projectId: integer('project_id').notNull(),
    day: ts('day').notNull(),
    events: counter('events'),
    bytes: counter('bytes'),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.day] })],
);

// Periodic jobs shared by every process: a job runs when its row says its interval has passed, and
// the process whose UPDATE moved the row forward is the one that runs it (retention/jobs.ts).
export const jobRuns = pgTable('job_runs', {
  name: text('name').primaryKey(),
  lastRun: ts('last_run').notNull(),
});

export const issueHourly = pgTable(
  'issue_hourly',
  {
    projectId: integer('project_id').notNull(),
    issueId: integer('issue_id').notNull(),
    hour: ts('hour').notNull(),
    environment: text('environment').notNull().default(''),
    count: counter('count'),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.issueId, t.hour, t.environment] }),
    index('issue_hourly_project_hour').on(t.projectId, t.hour),
  ],
);

// Per-issue counters of tag values (release, environment, user, custom tags): the issue page's
// tag breakdown and user_count come from here, never from scanning events.
export const issueTagValues = pgTable(
  'issue_tag_values',
  {
    projectId: integer('project_id').notNull(),
    issueId: integer('issue_id').notNull(),
    key: text('key').notNull(),
    value: text('value').notNull(),
    count: counter('count'),
    lastSeen: ts('last_seen')
      .notNull()
      .default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.issueId, t.key, t.value] })],
);

// Per-minute counts: deploy health and spikes are decided in minutes, not hours. Kept two days.
export const envMinutely = pgTable(
  'env_minutely',
  {
    projectId: integer('project_id').notNull(),
    environment: text('environment').notNull().default(''),
    release: text('release').notNull().default(''),
    minute: ts('minute').notNull(),
    count: counter('count'),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.environment, t.minute, t.release] })],
);

// What ingest took and turned away, per project and hour (GET …/usage): added to by every process,
// so the sums are exact with several of them.
export const usageHourly = pgTable(
  'usage_hourly',
  {
    projectId: integer('project_id').notNull(),
    hour: ts('hour').notNull(),
    // the public key the events came with (0: not known, e.g. refused before the key was read)
    keyId: integer('key_id').notNull().default(0),
    accepted: counter('accepted'),
    rateLimited: counter('rate_limited'),
    dropped: counter('dropped'),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.hour, t.keyId] })],
);

export const issueMinutely = pgTable(
  'issue_minutely',
  {
    projectId: integer('project_id').notNull(),
    issueId: integer('issue_id').notNull(),
    environment: text('environment').notNull().default(''),
    minute: ts('minute').notNull(),
    count: counter('count'),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.issueId, t.environment, t.minute] }),
    index('issue_minutely_env_minute').on(t.projectId, t.environment, t.minute),
  ],
);

export const deploys = pgTable(
  'deploys',
  {
    id: serial('id').notNull(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    release: text('release').notNull(),
    environment: text('environment').notNull(),
    revision: text('revision'),
    url: text('url'),
    deployer: text('deployer'),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    index('deploys_env_time').on(t.projectId, t.environment, t.finishedAt.desc()),
  ],
);

/** What happened to an issue, in order: first_seen, resolved, regressed, ignored, reopened, merged… */
export const issueActivity = pgTable(
  'issue_activity',
  {
    id: serial('id').notNull(),
    projectId: integer('project_id').notNull(),
    issueId: integer('issue_id').notNull(),
    kind: text('kind').$type<ActivityKind>().notNull(),
    at: ts('at').notNull(),
    release: text('release'),
    actor: text('actor'),
    data: jsonb('data').$type<ActivityData>(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    index('issue_activity_issue').on(t.projectId, t.issueId, t.at),
    index('issue_activity_kind_time').on(t.projectId, t.kind, t.at),
  ],
);

/** Comments on issues: plain text, shown with the issue's history. */
export const issueComments = pgTable(
  'issue_comments',
  {
    id: serial('id').notNull(),
    projectId: integer('project_id').notNull(),
    issueId: integer('issue_id').notNull(),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    index('issue_comments_issue').on(t.projectId, t.issueId, t.createdAt),
  ],
);

/** Spikes found by the detector (releases/spikes.ts), per issue or (issue_id 0) per environment. */
export const spikes = pgTable(
  'spikes',
  {
    projectId: integer('project_id').notNull(),
    issueId: integer('issue_id').notNull(),
    environment: text('environment').notNull(),
    windowStart: ts('window_start').notNull(),
    windowEnd: ts('window_end').notNull(),
    count: integer('count').notNull(),
    expected: doublePrecision('expected').notNull(),
    score: doublePrecision('score').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.issueId, t.environment, t.windowStart] })],
);

/** Uploaded source maps, once per (project, release, url) or per debug id. */
export const sourcemaps = pgTable(
  'sourcemaps',
  {
    id: serial('id').notNull(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    release: text('release').notNull(),
    // "~/path/app.min.js": the minified file's URL without origin or query (symbolicate/url.ts)
    url: text('url').notNull(),
    // the minified file's base name, for matching Node paths that differ by build directory
    name: text('name').notNull(),
    debugId: text('debug_id'),
    size: integer('size').notNull(),
    content: text('content').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    uniqueIndex('sourcemaps_release_url').on(t.projectId, t.release, t.url),
    index('sourcemaps_release_name').on(t.projectId, t.release, t.name),
    uniqueIndex('sourcemaps_debug_id')
      .on(t.projectId, t.debugId)
      .where(sql`debug_id is not null`),
  ],
);

export type Project = typeof projects.$inferSelect;
export type Deploy = typeof deploys.$inferSelect;
export type User = typeof users.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type IssueRow = typeof issues.$inferSelect;
export type EventRow = typeof events.$inferSelect;
export type ReleaseRow = typeof releases.$inferSelect;

// ---- alerts (alerts/*) ---------------------------------------------------------------------------------

export const ALERT_KINDS = ['webhook', 'slack', 'discord', 'teams', 'email'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_TRIGGERS = [
  'new_issue',
  'regression',
  'spike',
  'frequency',
  'deploy_bad',
  'deploy_suspect',
] as const;
export type AlertTrigger = (typeof ALERT_TRIGGERS)[number];

export interface LastDelivery {
  at: string;
  status: 'delivered' | 'failed';
  http_status?: number;
  error?: string;
}

/** Where alert messages go. Deliveries to one channel go out in order, one process at a time (lease). */
export const alertChannels = pgTable(
  'alert_channels',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: ALERT_KINDS }).notNull(),
    url: text('url'),
    // signs webhook bodies (HMAC-SHA256); never returned by the API
    secret: text('secret'),
    emails: jsonb('emails').$type<string[]>(),
    lastDelivery: jsonb('last_delivery').$type<LastDelivery>(),
    // the process sending this channel's messages until then: one sender per channel, in order
    leaseUntil: ts('lease_until'),
    leaseOwner: text('lease_owner'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('alert_channels_project').on(t.projectId)],
);

/** What sends a message to which channels. A new project gets one (new issue, regression, bad deploy). */
export const alertRules = pgTable(
  'alert_rules',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    triggers: jsonb('triggers').$type<AlertTrigger[]>().notNull(),
    frequency: jsonb('frequency').$type<{ count: number; minutes: number }>(),
    // null: every environment
    environments: jsonb('environments').$type<string[]>(),
    minLevel: text('min_level'),
    channelIds: jsonb('channel_ids').$type<number[]>().notNull(),
    throttleMinutes: integer('throttle_minutes').notNull().default(30),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('alert_rules_project').on(t.projectId)],
);

/**
 * What happened that may alert (the outbox): written in the same statement or transaction as the
 * change itself (a new issue, a regression, a spike, a verdict), then matched to rules once.
 */
export const alertFacts = pgTable(
  'alert_facts',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    projectId: integer('project_id').notNull(),
    trigger: text('trigger', { enum: ALERT_TRIGGERS }).notNull(),
    issueId: integer('issue_id'),
    deployId: integer('deploy_id'),
    environment: text('environment'),
    level: text('level'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull().defaultNow(),
    dispatchedAt: ts('dispatched_at'),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    index('alert_facts_pending')
      .on(t.id)
      .where(sql`dispatched_at is null`),
    // one message per deploy and verdict, however many processes watch it
    uniqueIndex('alert_facts_deploy')
      .on(t.projectId, t.deployId, t.trigger)
      .where(sql`deploy_id is not null`),
  ],
);

/** One message for one channel: pending until delivered, retried with backoff, failed after 24 h. */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    projectId: integer('project_id').notNull(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => alertChannels.id, { onDelete: 'cascade' }),
    ruleId: integer('rule_id'),
    factId: bigint('fact_id', { mode: 'number' }),
    trigger: text('trigger').notNull(),
    issueId: integer('issue_id'),
    deployId: integer('deploy_id'),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    httpStatus: integer('http_status'),
    error: text('error'),
    // sent inside this digest (a burst becomes one message)
    digestOf: bigint('digest_of', { mode: 'number' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    // a channel's sender updates its messages by id
    index('alert_deliveries_id').on(t.id),
    index('alert_deliveries_channel').on(t.channelId, t.status, t.id),
    index('alert_deliveries_project').on(t.projectId, t.id.desc()),
    index('alert_deliveries_throttle').on(t.ruleId, t.issueId, t.createdAt),
  ],
);
