// Strings and free-form data bags from clients: bounded, and valid for Postgres (no NUL, no lone
// surrogates, which jsonb refuses). Secrets are scrub.ts's job.

export function cleanString(s: string, max: number): string {
  let out = s.includes('\u0000') ? s.replace(/\u0000/g, '') : s;
  if (out.length > max) out = `${out.slice(0, max - 1)}…`;
  // after the cut, which may have split a surrogate pair
  return out.toWellFormed();
}

export interface BagLimits {
  depth: number;
  stringMax: number;
  keysMax: number;
}
// generous: a 40 KiB string in extra must arrive whole; the 5 MiB body limit bounds the total
const DEFAULT_LIMITS: BagLimits = { depth: 8, stringMax: 262_144, keysMax: 200 };

/**
 * Copies a JSON value, trimming depth, width and string length. Objects come back without a
 * prototype, so a "__proto__" key is kept as data instead of silently replacing the prototype.
 */
export function cleanBag(value: unknown, limits: BagLimits = DEFAULT_LIMITS, depth = 0): unknown {
  if (typeof value === 'string') return cleanString(value, limits.stringMax);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (depth >= limits.depth) return '[…]';
  if (Array.isArray(value)) return value.slice(0, limits.keysMax).map((v) => cleanBag(v, limits, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = Object.create(null);
    let n = 0;
    for (const [k, v] of Object.entries(value)) {
      if (n++ >= limits.keysMax) break;
      out[cleanString(k, 200)] = cleanBag(v, limits, depth + 1);
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
