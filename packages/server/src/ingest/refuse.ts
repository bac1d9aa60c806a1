import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { errorBody, type ErrorCode } from '../http/errors.js';
import type { KeyAuthorizer } from './keys.js';
import type { RateLimiter } from './rate-limit.js';
import type { UsageCounter } from '../usage/counter.js';
import type { Scrubber } from './scrub.js';
import type { ProjectQuota, Quotas } from './quotas.js';

/** Why ingest turns a request away before reading its body. A plain object: no Error, no stack. */
export interface Refusal {
  code: Extract<ErrorCode, 'unauthorized' | 'forbidden' | 'rate_limited' | 'unavailable'>;
  message: string;
  retryAfter?: number;
  /** the key's id, when it was known good (a rate limit) */
  keyId?: number;
  /** counted as dropped rather than rate-limited (spike protection) */
  dropped?: boolean;
}

const STATUS: Record<Refusal['code'], ContentfulStatusCode> = {
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  unavailable: 503,
};

/**
 * The checks every ingest endpoint makes from headers alone, before the body is read: the database
 * is reachable, the key is valid for the project, and it is within its rate.
 */
export async function admit(
  deps: {
    authorize: KeyAuthorizer;
    rateLimiter: RateLimiter;
    rateLimit: { perSecond: number };
    quotas: Quotas;
    availability: { up: boolean };
  },
  key: string | null | undefined,
  projectId: number,
): Promise<{ refusal: Refusal } | { refusal: null; keyId: number; scrub: Scrubber; quota: ProjectQuota }> {
  if (!deps.availability.up) {
    // nothing could be stored: say so before reading anything (the key check may need the database too)
    return {
      refusal: {
        code: 'unavailable',
        message: 'the database is not available; retry shortly',
        retryAfter: 5,
      },
    };
  }
  const admitted = await deps.authorize(key, projectId);
  if (admitted.refusal) return admitted;
  const retryAfter = deps.rateLimiter.retryAfter(key!.toLowerCase());
  if (retryAfter) {
    const message = `this key sends more than ${deps.rateLimit.perSecond} events per second; retry in ${retryAfter} s`;
    return { refusal: { code: 'rate_limited', message, retryAfter, keyId: admitted.keyId } };
  }
  const over = deps.quotas.check(projectId, admitted.quota);
  return over ? { refusal: { ...over, keyId: admitted.keyId } } : admitted;
}

/** The error envelope for a refusal, with what Sentry SDKs read to back off; a rate limit is counted in usage. */
export function refuse(c: Context, r: Refusal, projectId: number, usage: UsageCounter): Response {
  if (r.code === 'rate_limited') usage.count(projectId, r.dropped ? 'dropped' : 'rate_limited', 1, r.keyId);
  if (r.retryAfter === undefined) return c.json(errorBody(r.code, r.message), STATUS[r.code]);
  const headers: Record<string, string> = { 'Retry-After': String(r.retryAfter) };
  // all categories, scope "key"
  if (r.code === 'rate_limited') headers['X-Sentry-Rate-Limits'] = `${r.retryAfter}::key`;
  return c.json(errorBody(r.code, r.message), STATUS[r.code], headers);
}
