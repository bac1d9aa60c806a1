// `app.use(requestHandler())` before the routes runs each request in its own scope (its breadcrumbs,
// user and tags stay its own); `app.use(errorHandler())` after them captures errors with the request,
// then passes them on.
import { captureException, withScope } from './api.js';
import { requestContext } from './request.js';

interface Req {
  method: string;
  originalUrl?: string;
  url: string;
  protocol?: string;
  headers: Record<string, string | string[] | undefined>;
}

const contextOf = (req: Req) =>
  requestContext(
    req.method,
    `${req.protocol ?? 'http'}://${req.headers.host ?? 'localhost'}${req.originalUrl ?? req.url}`,
    req.headers,
  );

export function requestHandler() {
  return (req: Req, _res: unknown, next: (err?: unknown) => void) =>
    withScope(() => next(), { request: contextOf(req) });
}

export function errorHandler() {
  return (err: unknown, req: Req, _res: unknown, next: (err?: unknown) => void) => {
    captureException(err, { mechanism: { type: 'express', handled: false }, request: contextOf(req) });
    next(err);
  };
}
