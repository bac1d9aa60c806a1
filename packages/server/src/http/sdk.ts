import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { Env } from './deps.js';
import { notFound } from './errors.js';

// The browser SDK for pages without a bundler: a classic script defining window.Faultline and an ES
// module, with their source maps. Any site may load them (they are the public part of Faultline).
const FILES: Record<string, string> = {
  'faultline.min.js': 'text/javascript; charset=utf-8',
  'faultline.min.js.map': 'application/json',
  'faultline.esm.min.js': 'text/javascript; charset=utf-8',
  'faultline.esm.min.js.map': 'application/json',
};

export function sdkRoutes(dir: string) {
  const app = new Hono<Env>();
  const cache = new Map<string, Buffer>();
  app.get('/sdk/v1/:file', async (c) => {
    const name = c.req.param('file');
    const type = FILES[name];
    if (!type) throw notFound(`/sdk/v1/${name}`);
    let body = cache.get(name);
    if (!body) {
      body = await readFile(join(dir, name)).catch(() => undefined);
      if (!body) throw notFound(`/sdk/v1/${name} (the SDK is not built: pnpm --filter @faultline/sdk build)`);
      cache.set(name, body);
    }
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': type,
      // v1 changes only compatibly; a week of caching, then a revalidation
      'Cache-Control': 'public, max-age=604800',
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
  });
  return app;
}
