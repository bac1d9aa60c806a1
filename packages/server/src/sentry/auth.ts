import type { Context } from 'hono';

const KEY_IN_HEADER = /sentry_key\s*=\s*([^,\s]+)/i;

/**
 * Where Sentry SDKs put the public key: the `sentry_key` query parameter (the JS SDKs send no auth
 * header at all), `X-Sentry-Auth: Sentry sentry_key=…`, `Authorization: Sentry …`, or the envelope
 * header's DSN.
 */
export function sentryKey(c: Context, envelopeDsn?: unknown): string | undefined {
  const query = c.req.query('sentry_key');
  if (query) return query;
  for (const name of ['x-sentry-auth', 'authorization']) {
    const value = c.req.header(name);
    if (value && /^\s*sentry\s/i.test(value)) {
      const m = KEY_IN_HEADER.exec(value);
      if (m) return m[1];
    }
  }
  if (typeof envelopeDsn === 'string') {
    try {
      return new URL(envelopeDsn).username || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
