import { send, sendOptions } from '../alerts/send.js';
import type { Config } from '../config.js';
import type { Role } from '../auth/roles.js';

/**
 * Emails an invite link when SMTP is configured (FAULTLINE_SMTP_URL); true when it went out. The link
 * is also returned to the admin, so an invite works without email.
 */
export async function sendInviteEmail(
  config: Config,
  invite: { to: string; url: string; by: string | null; role: Role },
): Promise<boolean> {
  if (!config.alerts.smtpUrl) return false;
  const who = invite.by ?? 'An administrator';
  const text = `${who} invited you to Faultline as ${invite.role}.\n\nSet your password here (the link works once, for 7 days):\n${invite.url}\n`;
  const escape = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const html = `<p>${escape(who)} invited you to Faultline as <b>${invite.role}</b>.</p><p><a href="${escape(invite.url)}">Set your password</a> (the link works once, for 7 days).</p>`;
  const result = await send(
    { kind: 'email', url: null, secret: null, emails: [invite.to] },
    { kind: 'email', subject: 'You are invited to Faultline', text, html },
    `invite-${Date.now()}`,
    sendOptions(config.alerts),
  );
  if (!result.ok) console.error(`invite email to ${invite.to} failed: ${result.error}`);
  return result.ok;
}
