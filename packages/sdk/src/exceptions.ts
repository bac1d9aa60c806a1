import type { ExceptionValue, Mechanism } from './types.js';

const MAX_CHAIN = 10;

/**
 * Anything can be thrown. Errors give type, message and stack; their `cause` chain and an
 * AggregateError's `errors` become more exception values, oldest (cause) first, thrown one last.
 * Strings, plain objects and null become a synthetic value the server groups by its text.
 */
export function exceptionValues(thrown: unknown, mechanism: Mechanism): ExceptionValue[] {
  const values: ExceptionValue[] = [];
  const seen = new Set<unknown>();
  const walk = (e: unknown, depth: number): void => {
    if (depth > MAX_CHAIN || values.length >= MAX_CHAIN || seen.has(e)) return;
    seen.add(e);
    const err = e as { cause?: unknown; errors?: unknown } | null;
    if (isError(e)) {
      if (err!.cause !== undefined) walk(err!.cause, depth + 1);
      if (Array.isArray(err!.errors)) for (const inner of err!.errors) walk(inner, depth + 1);
    }
    values.push(one(e));
  };
  walk(thrown, 0);
  const last = values[values.length - 1]!;
  last.mechanism = { ...mechanism, ...(isError(thrown) ? {} : { synthetic: true }) };
  return values;
}

function isError(e: unknown): e is Error {
  return (
    e instanceof Error ||
    (typeof e === 'object' && e !== null && typeof (e as Error).stack === 'string' && 'message' in e)
  );
}

function one(e: unknown): ExceptionValue {
  if (isError(e)) return { type: e.name || 'Error', value: String(e.message), stack: e.stack };
  if (typeof e === 'object' && e !== null) {
    const name = (e as object).constructor?.name;
    let text: string;
    try {
      text = JSON.stringify(e).slice(0, 500);
    } catch {
      text = Object.keys(e).join(', ');
    }
    return { type: name && name !== 'Object' ? name : 'Error', value: `Non-Error thrown: ${text}` };
  }
  return { type: 'Error', value: String(e) };
}
