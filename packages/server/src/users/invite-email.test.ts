import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/index.js';

// With SMTP configured, an invite is emailed too: the link in the mail is the one the admin got.
let s: TestServer;
let smtp: SMTPServer;
const mails: Array<{ to: string[]; raw: string }> = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const port = (smtp.server.address() as AddressInfo).port;
  s = await startTestServer({
    publicUrl: 'https://faultline.example.com',
    alerts: {
      smtpUrl: `smtp://127.0.0.1:${port}/?tls=off`,
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
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
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
  expect(mails).toHaveLength(1);
  expect(mails[0]!.to).toEqual(['remote@example.com']);
  // quoted-printable may fold the long link: unfold it before looking for it
  const body = mails[0]!.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
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
