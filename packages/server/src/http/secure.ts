import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from '../config.js';
import { badRequest } from './errors.js';

// The UI is one origin's scripts and styles: nothing inline, nothing from elsewhere, never framed
// (a framed UI could be clickjacked into resolving or merging issues).
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Security headers on every response, and a 400 for URLs no route could mean (bad %-escapes, NUL). */
export const secureRequests: MiddlewareHandler = async (c, next) => {
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Content-Security-Policy', CSP);
  c.header('X-Frame-Options', 'DENY');
  c.header('Referrer-Policy', 'same-origin');
  const raw = c.req.url;
  const start = raw.indexOf('/', raw.indexOf('//') + 2);
  let decoded: string;
  try {
    decoded = decodeURIComponent(start === -1 ? '' : raw.slice(start));
  } catch {
    throw badRequest('the URL holds an invalid percent-encoding');
  }
  if (decoded.includes('\u0000')) throw badRequest('the URL must not contain NUL characters');
  await next();
};

/**
 * Whether the request reached us over HTTPS: the public URL says so, or a trusted proxy that ended
 * TLS says so in X-Forwarded-Proto (only with FAULTLINE_TRUST_PROXY=1: a client could send it too).
 */
export function isHttps(c: Context, config: Config): boolean {
  if (config.publicUrl?.startsWith('https://')) return true;
  if (config.trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}
