import * as v from 'valibot';
import { text, timeOut } from '../http/schema.js';

// What the project routes accept (api.md, "Projects").

export const ProjectBody = v.object({
  name: text(100),
  /** defaults to the name, slugified */
  slug: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[a-z0-9][a-z0-9-]{0,49}$/, 'must be lowercase letters, digits and dashes (at most 50)'),
    ),
  ),
});

const RATE_MESSAGE = 'must be a whole number of events per second (0: no limit)';
const FIELDS_MESSAGE = 'must be a list of at most 100 key names';

const MAX_EVENTS_MESSAGE =
  'must be a whole number of events from 10 to 1,000,000,000, or null for the default';
const RETENTION_MESSAGE = 'must be a whole number of days from 1 to 3650, or null for the default';

export const ProjectSettingsBody = v.object({
  /** rename (the slug, and so the DSN, stay) */
  name: v.optional(text(100)),
  /** days its events are kept; null: the instance's FAULTLINE_RETENTION_DAYS */
  retention_days: v.optional(
    v.nullable(
      v.pipe(
        v.number(RETENTION_MESSAGE),
        v.integer(RETENTION_MESSAGE),
        v.minValue(1, RETENTION_MESSAGE),
        v.maxValue(3650, RETENTION_MESSAGE),
      ),
    ),
  ),
  settings: v.optional(
    v.strictObject(
      {
        auto_resolve_on_deploy: v.optional(v.boolean('must be true or false')),
        scrub_ip_addresses: v.optional(v.boolean('must be true or false')),
        spike_protection: v.optional(v.boolean('must be true or false')),
        rate_limit_per_second: v.optional(
          v.pipe(
            v.number(RATE_MESSAGE),
            v.integer(RATE_MESSAGE),
            v.minValue(0, RATE_MESSAGE),
            v.maxValue(1_000_000, RATE_MESSAGE),
          ),
        ),
        sensitive_fields: v.optional(
          v.pipe(v.array(text(100, FIELDS_MESSAGE), FIELDS_MESSAGE), v.maxLength(100, FIELDS_MESSAGE)),
        ),
      },
      'must be an object, e.g. {"auto_resolve_on_deploy": true}',
    ),
  ),
  /** stored events kept at most; null: the instance's FAULTLINE_MAX_EVENTS */
  max_events: v.optional(
    v.nullable(
      v.pipe(
        v.number(MAX_EVENTS_MESSAGE),
        v.integer(MAX_EVENTS_MESSAGE),
        v.minValue(10, MAX_EVENTS_MESSAGE),
        v.maxValue(1_000_000_000, MAX_EVENTS_MESSAGE),
      ),
    ),
  ),
});

/** A project's settings as the server answers them (absent: the default). */
const SettingsOut = v.strictObject({
  auto_resolve_on_deploy: v.optional(v.boolean()),
  spike_protection: v.optional(v.boolean()),
  rate_limit_per_second: v.optional(v.number()),
  scrub_ip_addresses: v.optional(v.boolean()),
  sensitive_fields: v.optional(v.array(v.string())),
});

export const ProjectResponse = v.strictObject({
  id: v.number(),
  slug: v.string(),
  name: v.string(),
  public_key: v.string(),
  /** what the SDK is configured with */
  dsn: v.string(),
  created_at: timeOut,
  settings: SettingsOut,
  retention_days: v.number(),
  max_events: v.number(),
});

export const ProjectSettingsResponse = v.strictObject({
  id: v.number(),
  name: v.string(),
  settings: SettingsOut,
  retention_days: v.number(),
  max_events: v.number(),
});

export const KeyBody = v.object({ label: v.optional(text(100), 'Default') });

export const KeyResponse = v.strictObject({
  id: v.number(),
  public_key: v.string(),
  dsn: v.string(),
  label: v.string(),
  created_at: timeOut,
  revoked_at: v.nullable(timeOut),
  /** the instance's per-key limit (FAULTLINE_RATE_LIMIT), null when there is none */
  rate_limit: v.nullable(v.strictObject({ per_second: v.number(), burst: v.number() })),
  /** what ingest did with this key's events over the last 24 hours */
  usage_24h: v.strictObject({ accepted: v.number(), rate_limited: v.number(), dropped: v.number() }),
});
