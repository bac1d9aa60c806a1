import { cleanBag, cleanString } from './sanitize.js';

/** A client sent a field of the wrong type or shape; the message names the field. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field} ${message}`);
  }
}

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function optString(o: Obj, key: string, field: string, max: number): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new FieldError(field, 'must be a string');
  return cleanString(v, max);
}

export function optNumber(o: Obj, key: string, field: string): number | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new FieldError(field, 'must be a number');
  return v;
}

export function optObject(o: Obj, key: string, field: string): Obj | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (!isObj(v)) throw new FieldError(field, 'must be an object');
  return cleanBag(v) as Obj;
}

export function optArray(o: Obj, key: string, field: string): unknown[] | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) throw new FieldError(field, 'must be an array');
  return v;
}

export function optStringArray(v: unknown, field: string, maxItems: number, maxLen: number): string[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) throw new FieldError(field, 'must be an array of strings');
  if (v.length > maxItems) throw new FieldError(field, `may hold at most ${maxItems} items`);
  return v.map((item, i) => {
    if (typeof item === 'string') return cleanString(item, maxLen);
    if (typeof item === 'number' || typeof item === 'boolean') return String(item);
    throw new FieldError(`${field}[${i}]`, 'must be a string');
  });
}
