import type { FaultlineEvent } from './types.js';

const DROP = /^(cookie|authorization|proxy-authorization|x-api-key|x-faultline-key)$/i;

/** Request context for an event: method, URL and headers, without credentials. */
export function requestContext(
  method: string,
  url: string,
  headers: Iterable<[string, string]> | Record<string, string | string[] | undefined>,
): NonNullable<FaultlineEvent['request']> {
  const out: Record<string, string> = {};
  const entries =
    Symbol.iterator in headers ? [...(headers as Iterable<[string, string]>)] : Object.entries(headers);
  for (const [k, v] of entries)
    if (v !== undefined && !DROP.test(k)) out[k] = Array.isArray(v) ? v.join(', ') : String(v);
  return { method, url, headers: out };
}
