import * as v from 'valibot';
import { RangeParam } from '../stats/series.js';
import { isoTime, limitParam, text, timeOut } from '../http/schema.js';

// What the release and deploy routes accept (api.md, "Releases and deploys").

/** An optional string: absent, null and "" are all "not given". */
const optionalText = (max: number) =>
  v.pipe(
    v.optional(v.nullable(v.string(`must be a string of at most ${max} characters`)), null),
    v.transform((s) => (s === null || s.trim() === '' ? null : s.trim())),
    v.nullable(v.pipe(v.string(), v.maxLength(max, `must be a string of at most ${max} characters`))),
  );

export const DeployBody = v.object({
  release: text(250),
  environment: text(64),
  revision: optionalText(200),
  url: optionalText(2000),
  deployer: optionalText(200),
  /** defaults to finished_at */
  started_at: v.optional(v.nullable(isoTime)),
  /** defaults to now */
  finished_at: v.optional(v.nullable(isoTime)),
});
export type DeployBody = v.InferOutput<typeof DeployBody>;

export const DeployListQuery = v.object({
  environment: v.optional(v.pipe(v.string(), v.maxLength(64))),
  limit: limitParam(50),
});

export const StatsQuery = v.object({
  environment: v.optional(v.pipe(v.string(), v.maxLength(64))),
  range: RangeParam,
});

export const DeployResponse = v.strictObject({
  id: v.number(),
  project_id: v.number(),
  release: v.string(),
  environment: v.string(),
  revision: v.nullable(v.string()),
  url: v.nullable(v.string()),
  deployer: v.nullable(v.string()),
  started_at: timeOut,
  finished_at: timeOut,
  created_at: timeOut,
});
