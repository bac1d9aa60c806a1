import { badRequest } from '../http/errors.js';
import { isId } from '../http/json.js';
import { isStorableTime } from '../http/time.js';

// Keyset pagination: the cursor is the (sort value, id) of the last row, opaque to clients. Whatever a
// client sends back is checked before it reaches SQL: a forged cursor is a 400, never a database error.
export function encodeCursor(value: string | number, id: string | number): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

const invalid = () => badRequest('cursor is not valid: pass next_cursor from a previous response');

function decode(cursor: string): [unknown, unknown] {
  let parsed: unknown;
  try {
    parsed = cursor.length <= 512 ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : null;
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid();
  return parsed as [unknown, unknown];
}

/** A cursor of (time, row id) or (count, row id), as the issue list writes them. */
export function decodeCursor(
  cursor: string | undefined,
  by: 'time' | 'count',
): { value: Date | number; id: number } | null {
  if (!cursor) return null;
  const [value, id] = decode(cursor);
  if (!isId(id)) throw invalid();
  if (by === 'count') {
    if (!Number.isSafeInteger(value) || (value as number) < 0) throw invalid();
    return { value: value as number, id };
  }
  return { value: cursorTime(value), id };
}

/** A cursor of (time, event id), as the event list writes them. */
export function decodeEventCursor(cursor: string | undefined): { value: Date; id: string } | null {
  if (!cursor) return null;
  const [value, id] = decode(cursor);
  if (typeof id !== 'string' || !/^[0-9a-f]{32}$/.test(id)) throw invalid();
  return { value: cursorTime(value), id };
}

function cursorTime(value: unknown): Date {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (!isStorableTime(ms)) throw invalid();
  return new Date(ms);
}

export function parseLimit(raw: string | undefined, fallback = 25, max = 100): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw badRequest(`limit must be an integer from 1 to ${max}`);
  return Math.min(n, max);
}
