import { getConnInfo } from '@hono/node-server/conninfo';
import { and, count, eq, gte, inArray, lt, min, or } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Config } from '../config.js';
import { loginFailures } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { ApiError } from '../http/errors.js';

const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 10;

/** The address a login comes from: the socket's, or the proxy's X-Forwarded-For when it is trusted. */
export function clientAddress(c: Context, config: Config): string {
  if (config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // not served by node (app.request in a test)
  }
}

/**
 * Failed logins are throttled per email and per client address: the 11th failure within 15 minutes
 * for either answers 429 with Retry-After until the oldest of them leaves the window. Kept in the
 * database, so several Faultline processes count together.
 */
export function createLoginThrottle(db: Db, now: () => Date) {
  const keysOf = (email: string, address: string) => [`email:${email}`, `ip:${address}`];

  return {
    /**
     * Counts a login attempt as failed before the password is checked (so that a flood of concurrent
     * attempts cannot all pass the check), or answers 429 when `email` or `address` failed too often
     * lately. Returns what `succeeded` takes back.
     */
    async attempt(email: string, address: string): Promise<number[]> {
      const at = now();
      const since = new Date(at.getTime() - WINDOW_MS);
      const keys = keysOf(email, address);
      const rows = await db
        .select({ key: loginFailures.key, n: count(), oldest: min(loginFailures.at) })
        .from(loginFailures)
        .where(and(inArray(loginFailures.key, keys), gte(loginFailures.at, since)))
        .groupBy(loginFailures.key);
      const blocked = rows.filter((r) => r.n >= MAX_FAILURES && r.oldest);
      if (blocked.length) {
        const until = Math.max(...blocked.map((r) => r.oldest!.getTime() + WINDOW_MS));
        const retryAfter = Math.max(1, Math.ceil((until - at.getTime()) / 1000));
        throw new ApiError('rate_limited', `too many failed logins; try again in ${retryAfter} s`, {
          retryAfter,
        });
      }
      // what has left the window is of no use any more
      await db
        .delete(loginFailures)
        .where(and(inArray(loginFailures.key, keys), lt(loginFailures.at, since)));
      const inserted = await db
        .insert(loginFailures)
        .values(keys.map((key) => ({ key, at })))
        .returning({ id: loginFailures.id });
      return inserted.map((r) => r.id);
    },

    /** The attempt succeeded: it is not a failure, and its email's earlier failures are forgiven (not
     *  its address's: one good login must not reset a guessing run against other accounts). */
    async succeeded(attempt: number[], email: string): Promise<void> {
      await db
        .delete(loginFailures)
        .where(or(inArray(loginFailures.id, attempt), eq(loginFailures.key, `email:${email}`)));
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
