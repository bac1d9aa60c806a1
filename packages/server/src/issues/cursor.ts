import { badRequest } from '../http/errors.js';

// Keyset pagination: the cursor is the (sort value, id) of the last row, opaque to clients.
export function encodeCursor(value: string | number, id: string | number): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): [string | number, string | number] | null {
  if (!cursor) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      ['string', 'number'].includes(typeof parsed[0]) &&
      ['string', 'number'].includes(typeof parsed[1])
    ) {
      return parsed as [string | number, string | number];
    }
  } catch {
    // fall through
  }
  throw badRequest('cursor is not valid: pass next_cursor from a previous response');
}

export function parseLimit(raw: string | undefined, fallback = 25, max = 100): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw badRequest(`limit must be an integer from 1 to ${max}`);
  return Math.min(n, max);
}
