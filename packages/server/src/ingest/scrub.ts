// Secrets out before anything is stored: values under sensitive keys (in every bag, in query
// strings, in form bodies), card numbers in any text, and optionally IP addresses. A project can
// name more sensitive keys (settings.sensitive_fields) and turn on settings.scrub_ip_addresses.
import type { StoredEvent } from './event.js';

export const FILTERED = '[Filtered]';

const SECRET_KEY =
  /pass(word|wd)?|pwd|secret|token|auth|cookie|api[-_]?key|access[-_]?key|private[-_]?key|credential|jwt|csrf|xsrf|session|bearer|credit.?card|card.?number|cvv|ssn/i;
const CARD_NUMBER = /\b(?:\d[ -]?){12,18}\d\b/g;
// a query parameter inside any text: "?token=abc" or "&password=x"
const QUERY_PARAM = /([?&])([^=&\s#?]+)=([^&\s#]*)/g;
const IP_HEADERS = /^(x-forwarded-for|x-real-ip|forwarded|cf-connecting-ip|true-client-ip|x-client-ip)$/i;

export interface ScrubSettings {
  /** extra keys to treat as secret (matched case-insensitively, as substrings) */
  sensitiveFields: string[];
  scrubIpAddresses: boolean;
}

export const DEFAULT_SCRUB: ScrubSettings = { sensitiveFields: [], scrubIpAddresses: false };

export function createScrubber(settings: ScrubSettings = DEFAULT_SCRUB) {
  const extra = settings.sensitiveFields.map((f) => f.toLowerCase()).filter(Boolean);
  const isSecretKey = (key: string) =>
    SECRET_KEY.test(key) || (extra.length > 0 && extra.some((f) => key.toLowerCase().includes(f)));

  const namesExtra = (s: string) => {
    if (!extra.length) return false;
    const lower = s.toLowerCase();
    return extra.some((f) => lower.includes(f));
  };

  /** Card numbers out of free text, and secret values out of any query string in it. */
  const text = (s: string): string => {
    let out = /\d/.test(s) ? s.replace(CARD_NUMBER, (m) => (luhn(m.replace(/\D/g, '')) ? FILTERED : m)) : s;
    // only text that names something secret somewhere can hold a secret query parameter
    if (out.includes('=') && (SECRET_KEY.test(out) || namesExtra(out))) {
      out = out.replace(QUERY_PARAM, (m, sep: string, key: string, value: string) =>
        value && isSecretKey(safeDecode(key)) ? `${sep}${key}=${FILTERED}` : m,
      );
    }
    return out;
  };

  /** "a=1&password=x" (a form body or a query string without "?") */
  const form = (s: string): string => text(`?${s}`).slice(1);

  const bag = (value: unknown): unknown => {
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) {
      // [key, value] pairs (Sentry sends headers and query strings this way)
      if (value.length === 2 && typeof value[0] === 'string' && isSecretKey(value[0]) && value[1])
        return [value[0], FILTERED];
      return value.map(bag);
    }
    if (value && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      for (const key of Object.keys(obj)) {
        const v = obj[key];
        if (v === null || v === '' || v === undefined) continue;
        obj[key] =
          isSecretKey(key) || (settings.scrubIpAddresses && IP_HEADERS.test(key)) ? FILTERED : bag(v);
      }
    }
    return value;
  };

  const parts: ScrubParts = { isSecretKey, text, form, bag };
  return { ...parts, event: (e: StoredEvent) => scrubEvent(e, parts, settings) };
}

export type Scrubber = ReturnType<typeof createScrubber>;

interface ScrubParts {
  isSecretKey: (key: string) => boolean;
  text: (v: string) => string;
  form: (v: string) => string;
  bag: (v: unknown) => unknown;
}

/** Scrubs an event in place (it is a fresh copy made by validation). */
function scrubEvent(e: StoredEvent, s: ScrubParts, settings: ScrubSettings): StoredEvent {
  if (e.message) e.message = s.text(e.message);
  for (const ex of e.exception?.values ?? []) {
    ex.value = s.text(ex.value);
    if (ex.stack) ex.stack = s.text(ex.stack);
    for (const f of ex.stacktrace.frames) {
      if (f.abs_path?.includes('=')) f.abs_path = s.text(f.abs_path);
      if (f.filename?.includes('=')) f.filename = s.text(f.filename);
    }
  }
  for (const [k, v] of Object.entries(e.tags)) e.tags[k] = s.isSecretKey(k) ? FILTERED : s.text(v);
  s.bag(e.extra);
  s.bag(e.contexts);
  s.bag(e.user);
  for (const b of e.breadcrumbs) {
    if (b.message) b.message = s.text(b.message);
    s.bag(b.data);
  }
  const req = e.request;
  if (req) {
    if (typeof req.query_string === 'string') req.query_string = s.form(req.query_string);
    if (typeof req.data === 'string') req.data = scrubBody(req.data, s);
    if (req.cookies !== undefined && req.cookies !== null && req.cookies !== '') req.cookies = FILTERED;
    s.bag(req);
  }
  if (settings.scrubIpAddresses) {
    if (e.user && 'ip_address' in e.user) delete e.user.ip_address;
    const env = req?.env as Record<string, unknown> | undefined;
    if (env && typeof env === 'object' && 'REMOTE_ADDR' in env) env.REMOTE_ADDR = FILTERED;
  }
  return e;
}

/** A request body sent as a string: JSON is scrubbed as a bag, anything else as a form. */
function scrubBody(data: string, s: ScrubParts): string {
  const trimmed = data.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(s.bag(JSON.parse(data)));
    } catch {
      // not JSON after all: treat it as text
    }
  }
  return s.form(data);
}

function safeDecode(s: string): string {
  if (!s.includes('%') && !s.includes('+')) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}
