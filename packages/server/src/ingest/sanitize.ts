// Strings and free-form data bags from clients: bounded, valid for Postgres (no NUL, no lone
// surrogates, which jsonb refuses) and scrubbed of secrets before anything is stored.

const SECRET_KEY =
  /pass(word|wd)?|secret|token|auth|cookie|api[-_]?key|session|credit.?card|card.?number|cvv|ssn/i;
const CARD_NUMBER = /\b(?:\d[ -]?){12,18}\d\b/g;
export const FILTERED = '[Filtered]';

export function cleanString(s: string, max: number): string {
  let out = s.includes('\u0000') ? s.replace(/\u0000/g, '') : s;
  out = out.toWellFormed();
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
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

export function scrubCards(s: string): string {
  return s.replace(CARD_NUMBER, (m) => (luhn(m.replace(/\D/g, '')) ? FILTERED : m));
}

export interface BagLimits {
  depth: number;
  stringMax: number;
  keysMax: number;
}
// generous: a 40 KiB string in extra must arrive whole; the 5 MiB body limit bounds the total
const DEFAULT_LIMITS: BagLimits = { depth: 8, stringMax: 262_144, keysMax: 200 };

/** Copies a JSON value, trimming depth, width and string length; secret-looking keys are filtered. */
export function cleanBag(value: unknown, limits: BagLimits = DEFAULT_LIMITS, depth = 0): unknown {
  if (typeof value === 'string') return scrubCards(cleanString(value, limits.stringMax));
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (depth >= limits.depth) return '[…]';
  if (Array.isArray(value)) return value.slice(0, limits.keysMax).map((v) => cleanBag(v, limits, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    let n = 0;
    for (const [k, v] of Object.entries(value)) {
      if (n++ >= limits.keysMax) break;
      const key = cleanString(k, 200);
      out[key] = SECRET_KEY.test(key) && v !== null && v !== '' ? FILTERED : cleanBag(v, limits, depth + 1);
    }
    return out;
  }
  return null;
}

/** The deepest nesting of a parsed JSON value, stopping early once past `limit`. */
export function depthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
    }
  }
  return false;
}
