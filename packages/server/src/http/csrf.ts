import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.js';

/**
 * Session cookies are SameSite=Lax, which already keeps them off cross-site POSTs; this also refuses
 * a state-changing request whose Origin is another site, for browsers that ignore SameSite.
 * Token-authenticated calls (no cookie involved) are not affected.
 */
export const sameOriginWrites: MiddlewareHandler = async (c, next) => {
  const method = c.req.method;
  const origin = c.req.header('origin');
  if (
    method !== 'GET' &&
    method !== 'HEAD' &&
    method !== 'OPTIONS' &&
    origin &&
    !c.req.header('authorization')
  ) {
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      // "null" or garbage: not our origin
    }
    if (host !== c.req.header('host')) throw new ApiError('forbidden', 'cross-origin request refused');
  }
  await next();
};
