import type { Context } from 'hono';
import * as v from 'valibot';
import { badRequest } from './errors.js';
import { jsonBody } from './json.js';
import { isStorableTime } from './time.js';

// One way to validate what a client sends to the token/session API: a valibot schema per JSON body and
// query. The same schemas describe the API in /api/openapi.json (http/openapi.ts), so the document
// cannot drift from what the server accepts. (Ingest keeps its hand-tuned validator: it runs per event.)

/** The first problem valibot found, as one sentence naming the field; every problem in `details`. */
function invalid(issues: v.BaseIssue<unknown>[]) {
  const where = (i: v.BaseIssue<unknown>) => v.getDotPath(i) ?? '';
  // valibot's own words for a missing field and for an unknown one (in a strict object) are obscure
  const message = (i: v.BaseIssue<unknown>) =>
    i.type === 'object' && i.input === undefined && where(i)
      ? 'is required'
      : i.type === 'strict_object' && i.expected === 'never'
        ? 'is not a known field'
        : i.message;
  const say = (i: v.BaseIssue<unknown>) => (where(i) ? `${where(i)}: ${message(i)}` : message(i));
  return badRequest(
    say(issues[0]!),
    issues.map((i) => ({ field: where(i) || null, message: message(i) })),
  );
}

/** The request's JSON body checked against `schema`, or a 400 that says which field is wrong and why. */
export async function readBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  return parse(schema, await jsonBody(c));
}

/**
 * The query string checked against `schema`: every value a string, a repeated key keeps its first
 * value, and an empty parameter (`?environment=`) counts as absent.
 */
export function readQuery<S extends v.GenericSchema>(c: Context, schema: S): v.InferOutput<S> {
  const present = Object.entries(c.req.query()).filter(([, value]) => value !== '');
  return parse(schema, Object.fromEntries(present));
}

export function parse<S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (!result.success) throw invalid(result.issues);
  return result.output;
}

// ---- building blocks --------------------------------------------------------------------------------

/** A trimmed, non-empty string of at most `max` characters. */
export const text = (max: number, what = `a string of 1 to ${max} characters`) =>
  v.pipe(
    v.string(`must be ${what}`),
    v.trim(),
    v.minLength(1, `must be ${what}`),
    v.maxLength(max, `must be ${what}`),
  );

/** An ISO-8601 time within the years 1970–9999 (http/time.ts), as a Date. */
export const isoTime = v.pipe(
  v.string('must be an ISO-8601 time'),
  v.metadata({ format: 'date-time' }),
  v.maxLength(64, 'must be an ISO-8601 time'),
  v.check((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 time'),
  v.check((s) => isStorableTime(Date.parse(s)), 'must be between the years 1970 and 9999'),
  v.transform((s) => new Date(Date.parse(s))),
);

/** A row id as the database stores it (int4). */
export const rowId = v.pipe(
  v.number('must be an id'),
  v.integer('must be an id'),
  v.minValue(1, 'must be an id'),
  v.maxValue(2_147_483_647, 'must be an id'),
);

/** A page size from the query string: 1.., larger asks get `max`, absent or empty gets `fallback`. */
export const limitParam = (fallback: number, max = 100) =>
  v.pipe(
    v.optional(v.string(), ''),
    v.regex(/^\d{0,9}$/, `must be an integer from 1 to ${max}`),
    v.transform((s) => (s === '' ? fallback : Number(s))),
    v.minValue(1, `must be an integer from 1 to ${max}`),
    v.transform((n) => Math.min(n, max)),
  );

// ---- responses ----------------------------------------------------------------------------------------

/** An ISO-8601 time the server writes. */
export const timeOut = v.pipe(v.string(), v.isoTimestamp());

/** The one error envelope of every 4xx/5xx (api.md). */
export const ErrorResponse = v.strictObject({
  error: v.strictObject({
    code: v.picklist([
      'bad_request',
      'unauthorized',
      'forbidden',
      'not_found',
      'conflict',
      'payload_too_large',
      'unsupported_media_type',
      'rate_limited',
      'unavailable',
      'internal',
    ]),
    message: v.string(),
    details: v.optional(v.unknown()),
  }),
});
