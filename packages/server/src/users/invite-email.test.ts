import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/index.js';
import { startSmtp } from '../testing/smtp.js';

// With SMTP configured, an invite is emailed too: the link in the mail is the one the admin got.
let s: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  smtp = await startSmtp();
  s = await startTestServer({
    publicUrl: 'https://faultline.example.com',
    alerts: {
      smtpUrl: smtp.url,
      smtpFrom: 'Faultline <team@example.com>',
      blockPrivate: false,
      slackSigningSecret: undefined,
      pollMs: 500,
      timeoutMs: 5000,
    },
  });
});
afterAll(async () => {
  await s.close();
  await smtp.close();
});

it('emails the invite link, which works once', async () => {
  const res = await s.api('/api/users/invites', {
    method: 'POST',
    body: JSON.stringify({ email: 'remote@example.com', role: 'viewer' }),
  });
  expect(res.status).toBe(201);
  const invite = (await res.json()) as { invite_url: string; emailed: boolean };
  expect(invite.emailed).toBe(true);
  expect(invite.invite_url).toMatch(/^https:\/\/faultline\.example\.com\/invite\//);
  expect(smtp.mails).toHaveLength(1);
  expect(smtp.mails[0]!.to).toEqual(['remote@example.com']);
  // quoted-printable may fold the long link: unfold it before looking for it
  const body = smtp.mails[0]!.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  expect(body).toContain(invite.invite_url);
  expect(body).toMatch(/as viewer/);
  const token = invite.invite_url.split('/invite/')[1]!;
  const accepted = await fetch(`${s.url}/api/auth/accept-invite`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, password: 'remote worker passphrase' }),
  });
  expect(accepted.status).toBe(204);
});
