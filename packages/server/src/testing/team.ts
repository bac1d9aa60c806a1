import type { Role } from '../auth/roles.js';
import type { TestServer } from './server.js';

/** The session cookie ("name=value") a response set. */
export function sessionCookie(res: Response): string {
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error(`no session cookie (status ${res.status})`);
  return cookie.split(';')[0]!;
}

export interface Teammate {
  id: number;
  email: string;
  password: string;
  /** a session of theirs, as a Cookie header value */
  cookie: string;
}

/** A user invited (with the admin token) and accepted through the API, as a new teammate would. */
export async function addTeammate(
  s: TestServer,
  role: Role,
  email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`,
): Promise<Teammate> {
  const invite = await s.api('/api/users/invites', { method: 'POST', body: JSON.stringify({ email, role }) });
  if (invite.status !== 201) throw new Error(`invite: ${invite.status} ${await invite.text()}`);
  const { invite_url } = (await invite.json()) as { invite_url: string };
  const password = `teammate-${email}`;
  const accepted = await fetch(`${s.url}/api/auth/accept-invite`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: invite_url.split('/invite/')[1], password, name: email.split('@')[0] }),
  });
  if (accepted.status !== 204) throw new Error(`accept: ${accepted.status} ${await accepted.text()}`);
  const cookie = sessionCookie(accepted);
  const me = (await (await fetch(`${s.url}/api/auth/me`, { headers: { cookie } })).json()) as {
    user: { id: number };
  };
  return { id: me.user.id, email, password, cookie };
}
