import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';
import nodemailer from 'nodemailer';
import type { Rendered } from './messages.js';

/** What a receiver did with a message. */
export interface SendResult {
  ok: boolean;
  httpStatus?: number;
  /** a 429's Retry-After, in seconds */
  retryAfter?: number;
  error?: string;
}

export interface SendOptions {
  /** refuse loopback, private and link-local addresses (checked on the address connected to) */
  blockPrivate: boolean;
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** a receiver that has not answered by then is cut off */
  timeoutMs?: number;
}

/** The send options of the server's configuration. */
export const sendOptions = (alerts: {
  blockPrivate: boolean;
  smtpUrl: string | undefined;
  smtpFrom: string;
  timeoutMs: number;
}): SendOptions => ({
  blockPrivate: alerts.blockPrivate,
  smtpUrl: alerts.smtpUrl,
  smtpFrom: alerts.smtpFrom,
  timeoutMs: alerts.timeoutMs,
});

/** What a channel shows as its last delivery. */
export const lastDeliveryOf = (result: SendResult, at: Date) => ({
  at: at.toISOString(),
  status: result.ok ? ('delivered' as const) : ('failed' as const),
  ...(result.httpStatus !== undefined ? { http_status: result.httpStatus } : {}),
  ...(result.error ? { error: result.error } : {}),
});

export interface Target {
  kind: 'webhook' | 'slack' | 'discord' | 'teams' | 'email';
  url: string | null;
  secret: string | null;
  emails: string[] | null;
}

// Addresses a "block private" deployment never connects to: loopback, RFC 1918, CGNAT, link-local
// (cloud metadata at 169.254.169.254), unique-local IPv6, and the unspecified addresses.
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    return mapped ? PRIVATE.check(mapped[1]!, 'ipv4') : PRIVATE.check(address, 'ipv6');
  }
  return false;
}

/**
 * DNS lookup that refuses private addresses: the check is on the address the socket then connects
 * to, so a name that resolves to a public address for a check and a private one for the request
 * (DNS rebinding) cannot get through.
 */
const guardedLookup: typeof dnsLookup = ((host: string, options: object, callback: Function) => {
  dnsLookup(host, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err);
    const allowed = addresses.filter((a) => !isPrivateAddress(a.address));
    if (!allowed.length)
      return callback(new Error(`${host} resolves to a private address (FAULTLINE_ALERT_BLOCK_PRIVATE=1)`));
    if ((options as { all?: boolean }).all) return callback(null, allowed);
    callback(null, allowed[0]!.address, allowed[0]!.family);
  });
}) as typeof dnsLookup;

/** POSTs a JSON body; with a secret, signed as api.md says (timestamp + HMAC-SHA256 of "ts.body"). */
export function postJson(
  url: string,
  body: string,
  {
    secret,
    deliveryId,
    blockPrivate,
    timeoutMs = 10_000,
  }: {
    secret: string | null;
    deliveryId: string;
    blockPrivate: boolean;
    timeoutMs?: number;
  },
): Promise<SendResult> {
  const target = new URL(url);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'Faultline-Alerts/1',
    // the same id on every retry of one message: a receiver can drop the duplicates a crash makes
    'idempotency-key': deliveryId,
    'x-faultline-delivery': deliveryId,
  };
  if (secret) {
    const ts = String(Math.floor(Date.now() / 1000));
    headers['x-faultline-timestamp'] = ts;
    headers['x-faultline-signature'] =
      `v1=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`;
  }
  if (
    blockPrivate &&
    isIP(target.hostname.replace(/^\[|\]$/g, '')) &&
    isPrivateAddress(target.hostname.replace(/^\[|\]$/g, ''))
  ) {
    return Promise.resolve({
      ok: false,
      error: `${target.hostname} is a private address (FAULTLINE_ALERT_BLOCK_PRIVATE=1)`,
    });
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        ...(blockPrivate ? { lookup: guardedLookup } : {}),
        timeout: timeoutMs,
        agent: false,
      },
      (res) => {
        // a reply is read (at most 4 KB kept, for the error) and the socket released
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < 4096) text += chunk;
        });
        res.on('error', () => {});
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          const retry = Number(res.headers['retry-after']);
          resolve({
            ok,
            httpStatus: status,
            ...(status === 429 && Number.isFinite(retry) && retry >= 0 ? { retryAfter: retry } : {}),
            ...(ok ? {} : { error: `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}` }),
          });
        });
      },
    );
    // the whole exchange, not just each idle gap, is cut off after timeoutMs
    const cutOff = setTimeout(
      () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', (err) => resolve({ ok: false, error: err.message }));
    req.on('close', () => clearTimeout(cutOff));
    req.end(body);
  });
}

/** Sends one rendered message to a channel. */
export async function send(
  target: Target,
  message: Rendered,
  deliveryId: string,
  options: SendOptions,
): Promise<SendResult> {
  if (message.kind === 'email') {
    if (!options.smtpUrl) return { ok: false, error: 'email needs FAULTLINE_SMTP_URL' };
    if (!target.emails?.length) return { ok: false, error: 'the channel has no email address' };
    try {
      const url = new URL(options.smtpUrl);
      const timeout = options.timeoutMs ?? 10_000;
      const transport = nodemailer.createTransport({
        host: url.hostname,
        port: Number(url.port) || (url.protocol === 'smtps:' ? 465 : 587),
        secure: url.protocol === 'smtps:',
        ...(url.username
          ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
          : {}),
        // a plain smtp:// server on a private network may have no certificate worth checking
        ignoreTLS: url.searchParams.get('tls') === 'off',
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
      });
      await transport.sendMail({
        from: options.smtpFrom,
        to: target.emails,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: { 'X-Faultline-Delivery': deliveryId },
      });
      transport.close();
      return { ok: true };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  }
  if (!target.url) return { ok: false, error: 'the channel has no URL' };
  return postJson(target.url, message.body, {
    secret: target.kind === 'webhook' ? target.secret : null,
    deliveryId,
    blockPrivate: options.blockPrivate,
    timeoutMs: options.timeoutMs,
  });
}
