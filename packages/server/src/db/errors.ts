// Recognising database errors, whichever driver raised them: drizzle wraps the driver's error in
// `cause`, postgres.js and PGlite put the SQLSTATE in `code`.

function codes(err: unknown): string[] {
  const out: string[] = [];
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') out.push(code);
    e = (e as { cause?: unknown }).cause;
  }
  return out;
}

export const isUniqueViolation = (err: unknown): boolean => codes(err).includes('23505');

/** The error carries this SQLSTATE (or driver code). */
export const isDatabaseError = (err: unknown, code: string): boolean => codes(err).includes(code);

// The server is down or unreachable, a connection broke, or it is starting up / shutting down: the
// request may succeed later, so the client is told to retry (503), not that we failed (500).
const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'DB_UNAVAILABLE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

export const isUnavailable = (err: unknown): boolean => codes(err).some((c) => UNAVAILABLE.has(c));
