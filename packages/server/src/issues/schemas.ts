import * as v from 'valibot';
import { RangeParam } from '../stats/series.js';
import { isoTime, limitParam, rowId, text, timeOut } from '../http/schema.js';
import type { Sort } from './list.js';
import { STATUSES as LIFECYCLE_STATUSES, SUBSTATUSES } from './lifecycle.js';
import { STATUSES } from './search.js';

// What the issue routes accept (api.md, "Issues"); /api/openapi.json is generated from these.

const STATUS_MESSAGE = 'must be one of resolved, unresolved, ignored';
const COUNT_MESSAGE = 'must be a positive integer below 2^53';

/** PATCH of one issue (and, with `ids`, of many). */
export const IssueUpdateBody = v.object({
  status: v.optional(v.picklist(['resolved', 'unresolved', 'ignored'], STATUS_MESSAGE)),
  resolved_in: v.optional(
    v.union(
      [v.literal('next_release'), text(250)],
      'must be "next_release" or a release version (1 to 250 characters)',
    ),
  ),
  ignore_until: v.optional(v.nullable(isoTime)),
  // counts are bigint: a count past 2^53 could not be compared exactly, nor ever be reached
  ignore_count: v.optional(
    v.nullable(v.pipe(v.number(COUNT_MESSAGE), v.safeInteger(COUNT_MESSAGE), v.minValue(1, COUNT_MESSAGE))),
  ),
  assignee: v.optional(
    v.nullable(v.pipe(v.string('must be a user email or null'), v.trim(), v.toLowerCase(), v.maxLength(254))),
  ),
});
export type IssueUpdate = v.InferOutput<typeof IssueUpdateBody>;

const ids = (min: number, message: string) =>
  v.pipe(v.array(rowId, message), v.minLength(min, message), v.maxLength(100, message));

export const BulkUpdateBody = v.object({
  ids: ids(1, 'must be an array of 1 to 100 issue ids'),
  ...IssueUpdateBody.entries,
});

export const MergeBody = v.object({
  ids: ids(2, 'must be an array of 2 to 100 issue ids, the first being the one to keep'),
});

const SORT_MESSAGE = 'must be one of last_seen, first_seen, count';
const SORT_ALIASES = { date: 'last_seen', new: 'first_seen', freq: 'count' } as const;

export const IssueListQuery = v.object({
  status: v.optional(
    v.picklist(
      STATUSES,
      `must be one of ${STATUSES.join(', ')} (or is:new, is:ongoing, is:regressed, is:spiking in query)`,
    ),
    'unresolved',
  ),
  environment: v.optional(v.pipe(v.string(), v.maxLength(64))),
  release: v.optional(v.pipe(v.string(), v.maxLength(250))),
  query: v.optional(v.pipe(v.string(), v.maxLength(1000, 'must be at most 1000 characters'))),
  sort: v.optional(
    v.pipe(
      v.picklist(['last_seen', 'first_seen', 'count', 'date', 'new', 'freq'], SORT_MESSAGE),
      v.transform((s) => (s in SORT_ALIASES ? SORT_ALIASES[s as keyof typeof SORT_ALIASES] : s) as Sort),
    ),
    'last_seen',
  ),
  limit: limitParam(25),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(500))),
  stats: v.optional(v.picklist(['24h'], 'must be 24h')),
});

const environmentParam = v.optional(v.pipe(v.string(), v.maxLength(64, 'must be at most 64 characters')));

export const EventListQuery = v.object({
  limit: limitParam(25),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(500))),
  /** only the events of this environment */
  environment: environmentParam,
});

/** The issue page: its chart's range, and one environment to scope the chart, the count and the latest event. */
export const IssueDetailQuery = v.object({
  range: RangeParam,
  environment: environmentParam,
});

// ---- responses (documented in /api/openapi.json; a test checks real answers against them) ----------

const time = v.pipe(v.string(), v.isoTimestamp());
const nullableTime = v.nullable(time);

/** The Issue of api.md (issues/serialize.ts writes it). */
export const IssueResponse = v.strictObject({
  id: v.number(),
  project_id: v.number(),
  fingerprint: v.string(),
  title: v.string(),
  culprit: v.string(),
  type: v.string(),
  value: v.string(),
  level: v.string(),
  platform: v.nullable(v.string()),
  status: v.picklist(LIFECYCLE_STATUSES),
  substatus: v.nullable(v.picklist(SUBSTATUSES)),
  count: v.number(),
  user_count: v.number(),
  first_seen: time,
  last_seen: time,
  first_release: v.nullable(v.string()),
  last_release: v.nullable(v.string()),
  resolved_in_release: v.nullable(v.string()),
  resolved_in_next_release: v.boolean(),
  resolved_at: nullableTime,
  ignore_until: nullableTime,
  ignore_until_count: v.nullable(v.number()),
  assignee: v.nullable(v.string()),
  merged_into: v.nullable(v.number()),
});

/** An issue in a list: the Issue, whether it is spiking, and its hourly counts when asked for. */
export const IssueListResponse = v.strictObject({
  issues: v.array(
    v.strictObject({
      ...IssueResponse.entries,
      spiking: v.boolean(),
      stats: v.optional(v.strictObject({ '24h': v.array(v.tuple([time, v.number()])) })),
    }),
  ),
  next_cursor: v.nullable(v.string()),
});

export const CommentBody = v.object({ text: text(10_000, 'a text of 1 to 10,000 characters') });

export const CommentResponse = v.strictObject({
  id: v.number(),
  author: v.nullable(v.strictObject({ id: v.number(), email: v.string(), name: v.string() })),
  text: v.string(),
  created_at: timeOut,
});
