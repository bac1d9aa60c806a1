// `app.use(errorHandler())` after the routes: errors are captured with the request, then passed on.
import { captureException } from './api.js';
import { requestContext } from './request.js';

interface Req {
  method: string;
  originalUrl?: string;
  url: string;
  protocol?: string;
  headers: Record<string, string | string[] | undefined>;
}

export function errorHandler() {
  return (err: unknown, req: Req, _res: unknown, next: (err?: unknown) => void) => {
    const host = req.headers.host ?? 'localhost';
    const url = `${req.protocol ?? 'http'}://${host}${req.originalUrl ?? req.url}`;
    captureException(err, {
      mechanism: { type: 'express', handled: false },
      request: requestContext(req.method, url, req.headers),
    });
    next(err);
  };
}
