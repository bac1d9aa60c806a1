import { getConnInfo } from '@hono/node-server/conninfo';
import { and, count, eq, gte, inArray, lt, min } from 'drizzle-orm';
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
    /** 429 when `email` or `address` failed too often lately. */
    async check(email: string, address: string): Promise<void> {
      const since = new Date(now().getTime() - WINDOW_MS);
      const rows = await db
        .select({ key: loginFailures.key, n: count(), oldest: min(loginFailures.at) })
        .from(loginFailures)
        .where(and(inArray(loginFailures.key, keysOf(email, address)), gte(loginFailures.at, since)))
        .groupBy(loginFailures.key);
      const blocked = rows.filter((r) => r.n >= MAX_FAILURES && r.oldest);
      if (!blocked.length) return;
      const until = Math.max(...blocked.map((r) => r.oldest!.getTime() + WINDOW_MS));
      const retryAfter = Math.max(1, Math.ceil((until - now().getTime()) / 1000));
      throw new ApiError('rate_limited', `too many failed logins; try again in ${retryAfter} s`, {
        retryAfter,
      });
    },

    async failed(email: string, address: string): Promise<void> {
      const at = now();
      const keys = keysOf(email, address);
      await db.insert(loginFailures).values(keys.map((key) => ({ key, at })));
      // what has left the window is of no use any more
      await db
        .delete(loginFailures)
        .where(
          and(inArray(loginFailures.key, keys), lt(loginFailures.at, new Date(at.getTime() - WINDOW_MS))),
        );
    },

    /** A successful login clears its email's failures (not its address's: one good login must not
     *  reset a guessing run against other accounts from the same address). */
    async succeeded(email: string): Promise<void> {
      await db.delete(loginFailures).where(eq(loginFailures.key, `email:${email}`));
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
