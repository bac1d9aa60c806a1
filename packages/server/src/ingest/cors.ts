import type { MiddlewareHandler } from 'hono';

// Browsers send events cross-origin (and sendBeacon as text/plain): ingest answers every origin.
export const INGEST_CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers':
    'Content-Type, Content-Encoding, X-Faultline-Key, X-Sentry-Auth, Authorization, sentry-trace, baggage',
  'Access-Control-Expose-Headers': 'Retry-After, X-Sentry-Rate-Limits',
  'Access-Control-Max-Age': '86400',
};

export const ingestCors: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'OPTIONS') return c.body(null, 204, INGEST_CORS_HEADERS);
  // set before the handler runs, so they go into whatever response it (or onError) builds:
  // touching c.res.headers afterwards makes @hono/node-server rebuild the response, at a real cost
  for (const [k, v] of Object.entries(INGEST_CORS_HEADERS)) c.header(k, v);
  await next();
};
