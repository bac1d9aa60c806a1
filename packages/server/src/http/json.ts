import type { Context } from 'hono';
import { badRequest, notFound } from './errors.js';

/** The JSON body of an API request as an object, or a 400 that says what is wrong. */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw badRequest('the body must be a JSON object');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('the body must be a JSON object');
  return body as Record<string, unknown>;
}

/** A row id as the database stores it (int4): larger numbers would be a database error, not a 4xx. */
export const isId = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) > 0 && (v as number) <= 2_147_483_647;

/** A positive integer path parameter (project or issue id); anything else is a 404. */
export function idParam(c: Context, name: string, what: string): number {
  const raw = c.req.param(name) ?? '';
  const id = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!isId(id)) throw notFound(what);
  return id;
}
