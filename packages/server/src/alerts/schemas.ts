import * as v from 'valibot';
import { ALERT_KINDS, ALERT_TRIGGERS } from '../db/schema.js';
import { limitParam, rowId, text, timeOut } from '../http/schema.js';
import { LEVELS } from '../ingest/event.js';

// What the alert routes accept (docs/api.md, "Alerts").

const httpUrl = v.pipe(
  v.string('must be an http(s) URL'),
  v.trim(),
  v.maxLength(2000, 'must be at most 2000 characters'),
  v.check((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
    } catch {
      return false;
    }
  }, 'must be an http(s) URL'),
);

const channelFields = {
  name: text(100),
  kind: v.picklist(ALERT_KINDS, `must be one of ${ALERT_KINDS.join(', ')}`),
  url: v.optional(v.nullable(httpUrl)),
  /** signs webhook requests (X-Faultline-Signature); write-only */
  secret: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(200)))),
  emails: v.optional(
    v.nullable(
      v.pipe(
        v.array(v.pipe(v.string(), v.trim(), v.email('must be email addresses'), v.maxLength(254))),
        v.maxLength(20, 'must be at most 20 addresses'),
      ),
    ),
  ),
};

export const ChannelBody = v.object(channelFields);
export const ChannelPatch = v.partial(v.object(channelFields));

const frequency = v.object({
  count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000)),
  minutes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1440)),
});

const ruleFields = {
  name: text(100),
  triggers: v.pipe(
    v.array(v.picklist(ALERT_TRIGGERS, `must be among ${ALERT_TRIGGERS.join(', ')}`)),
    v.minLength(1, 'must name at least one trigger'),
  ),
  /** for the frequency trigger: N events in M minutes for one issue */
  frequency: v.optional(v.nullable(frequency)),
  /** absent or empty: every environment */
  environments: v.optional(v.nullable(v.pipe(v.array(text(64)), v.maxLength(50)))),
  min_level: v.optional(v.nullable(v.picklist(LEVELS, `must be one of ${LEVELS.join(', ')}`))),
  channel_ids: v.pipe(v.array(rowId), v.maxLength(50)),
  throttle_minutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_080))),
  enabled: v.optional(v.boolean()),
};

export const RuleBody = v.object(ruleFields);
export const RulePatch = v.partial(v.object(ruleFields));

export const DeliveryListQuery = v.object({
  channel_id: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,10}$/, 'must be a channel id'), v.transform(Number)),
  ),
  limit: limitParam(50, 200),
});

// ---- responses ----

const lastDelivery = v.nullable(
  v.strictObject({
    at: timeOut,
    status: v.picklist(['delivered', 'failed']),
    http_status: v.optional(v.number()),
    error: v.optional(v.string()),
  }),
);

export const ChannelResponse = v.strictObject({
  id: v.number(),
  name: v.string(),
  kind: v.picklist(ALERT_KINDS),
  url: v.nullable(v.string()),
  emails: v.nullable(v.array(v.string())),
  /** whether requests are signed (the secret itself is never shown) */
  signed: v.boolean(),
  last_delivery: lastDelivery,
  created_at: timeOut,
});

export const RuleResponse = v.strictObject({
  id: v.number(),
  name: v.string(),
  triggers: v.array(v.picklist(ALERT_TRIGGERS)),
  frequency: v.nullable(v.strictObject({ count: v.number(), minutes: v.number() })),
  environments: v.nullable(v.array(v.string())),
  min_level: v.nullable(v.string()),
  channel_ids: v.array(v.number()),
  throttle_minutes: v.number(),
  enabled: v.boolean(),
  created_at: timeOut,
});

export const DeliveryResponse = v.strictObject({
  id: v.number(),
  channel_id: v.number(),
  rule_id: v.nullable(v.number()),
  trigger: v.string(),
  issue_id: v.optional(v.number()),
  deploy_id: v.optional(v.number()),
  created_at: timeOut,
  status: v.picklist(['pending', 'delivered', 'failed']),
  attempts: v.number(),
  http_status: v.optional(v.number()),
  error: v.optional(v.string()),
  /** sent inside the digest of this delivery (a burst) */
  digest_of: v.optional(v.number()),
});

export const TestResponse = v.strictObject({
  status: v.picklist(['delivered', 'failed']),
  http_status: v.optional(v.number()),
  error: v.optional(v.string()),
});
