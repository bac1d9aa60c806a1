// `app.use(faultline())`: errors that reach hono's error handler are captured with the request.
import type { MiddlewareHandler } from 'hono';
import { captureException } from './api.js';
import { requestContext } from './request.js';

export function faultline(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.error) {
      captureException(c.error, {
        mechanism: { type: 'hono', handled: false },
        request: requestContext(c.req.method, c.req.url, c.req.raw.headers),
      });
    }
  };
}
