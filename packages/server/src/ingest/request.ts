import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { badRequest } from '../http/errors.js';
import { decode, readLimited, type BodyLimits } from './body.js';
import { depthExceeds } from './sanitize.js';

const MAX_DEPTH = 64;

/** The request body, read within the limits and decompressed per Content-Encoding. */
export async function readBody(c: Context, limits: BodyLimits): Promise<Buffer> {
  return decode(await readRawBody(c, limits), c.req.header('content-encoding'), limits);
}

/** The request body as sent (still compressed), within the limit. */
export function readRawBody(c: Context, limits: BodyLimits): Promise<Buffer> {
  return readLimited(
    {
      contentLength: c.req.header('content-length'),
      incoming: (c.env as { incoming?: IncomingMessage } | undefined)?.incoming,
      stream: () => c.req.raw.body,
    },
    limits,
  );
}

export function parseJson(raw: Buffer | string, what = 'the body'): unknown {
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch (err) {
    throw badRequest(`${what} is not valid JSON: ${(err as Error).message}`);
  }
  if (depthExceeds(value, MAX_DEPTH)) throw badRequest(`${what} is nested deeper than ${MAX_DEPTH} levels`);
  return value;
}
