import { badRequest } from './errors.js';

// PostgreSQL's timestamptz spans 4713 BC to 294276 AD and JavaScript's Date ±275760 years: a time a
// client sends is held to years 1970–9999, so it always fits both and prints as ISO-8601.
const MIN_MS = Date.UTC(1970, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export const isStorableTime = (ms: number): boolean => Number.isFinite(ms) && ms >= MIN_MS && ms <= MAX_MS;

/** An ISO-8601 time from a client, or a 400 naming the field. */
export function parseTime(value: unknown, field: string): Date {
  const ms = typeof value === 'string' && value.length <= 64 ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw badRequest(`${field} must be an ISO-8601 time`);
  if (!isStorableTime(ms)) throw badRequest(`${field} must be between the years 1970 and 9999`);
  return new Date(ms);
}
