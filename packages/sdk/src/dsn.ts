// The DSN has Sentry's shape, http(s)://<public_key>@<host>[:port]/<project_id>, so one DSN serves both
// Faultline's SDK and unmodified Sentry SDKs.
export interface Dsn {
  publicKey: string;
  projectId: string;
  /** Origin plus any path prefix the server is mounted under, without a trailing slash. */
  baseUrl: string;
}

export function parseDsn(dsn: string): Dsn | null {
  let url: URL;
  try {
    url = new URL(dsn);
  } catch {
    return null;
  }
  const parts = url.pathname.split('/').filter(Boolean);
  const projectId = parts.pop();
  if (!url.username || !projectId || !/^\d+$/.test(projectId)) return null;
  const prefix = parts.length ? `/${parts.join('/')}` : '';
  return { publicKey: url.username, projectId, baseUrl: `${url.protocol}//${url.host}${prefix}` };
}

export function eventsUrl(dsn: Dsn): string {
  return `${dsn.baseUrl}/api/${dsn.projectId}/events`;
}
