import {
  createHash,
  randomBytes,
  scrypt,
  timingSafeEqual,
  type BinaryLike,
  type ScryptOptions,
} from 'node:crypto';

const scryptRaw = (password: BinaryLike, salt: BinaryLike, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

// OWASP's scrypt parameters: N=2^17, r=8, p=1. One hash takes 128 MiB and ~0.5 s of a core, so at most
// two run at once (logins queue rather than exhaust memory).
const N = 2 ** 17;
const r = 8;
const p = 1;
const MAX_PARALLEL = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function scryptAsync(
  password: BinaryLike,
  salt: BinaryLike,
  keylen: number,
  n: number,
  rr: number,
  pp: number,
) {
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await scryptRaw(password, salt, keylen, {
      N: n,
      r: rr,
      p: pp,
      maxmem: 256 * n * rr + 1024 * 1024,
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** scrypt, stored as "scrypt$N$r$p$salt$hash" so the cost can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, 32, N, r, p);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** A hash of an unknown password at today's cost: logins for unknown emails take as long as real ones. */
export const DUMMY_HASH = `scrypt$${N}$${r}$${p}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, rr, pp, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(
    password,
    Buffer.from(salt, 'base64url'),
    expected.length,
    Number(n),
    Number(rr),
    Number(pp),
  );
  return timingSafeEqual(key, expected);
}

/** A hash made at a lower cost than today's: re-hashed at the next successful login. */
export function needsRehash(stored: string): boolean {
  const [scheme, n, rr, pp] = stored.split('$');
  return scheme !== 'scrypt' || Number(n) < N || Number(rr) < r || Number(pp) < p;
}

/** Tokens and session ids are stored as sha256: a leaked database holds nothing usable. */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export const newPublicKey = () => randomBytes(16).toString('hex');
export const newApiToken = () => `flt_${randomBytes(24).toString('base64url')}`;
export const newSessionId = () => randomBytes(32).toString('base64url');
export const newPassword = () => randomBytes(12).toString('base64url');

/** Compares two secrets in time that does not depend on where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}
