// `app.use(faultline())`: each request runs in its own scope (its breadcrumbs, user and tags stay
// its own), and errors that reach hono's error handler are captured with the request.
import type { MiddlewareHandler } from 'hono';
import { captureException, withScope } from './api.js';
import { requestContext } from './request.js';

export function faultline(): MiddlewareHandler {
  return (c, next) => {
    const request = requestContext(c.req.method, c.req.url, c.req.raw.headers);
    return withScope(
      async () => {
        await next();
        if (c.error) captureException(c.error, { mechanism: { type: 'hono', handled: false }, request });
      },
      { request },
    );
  };
}
