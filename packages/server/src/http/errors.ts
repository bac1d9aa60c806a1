import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isUnavailable } from '../db/errors.js';

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** The one HTTP error of the server; `onError` renders it as the envelope of api.md. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { details?: unknown; retryAfter?: number; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new ApiError('bad_request', message, { details });
export const notFound = (what: string) => new ApiError('not_found', `${what} not found`);

export function errorBody(code: ErrorCode, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

export function renderError(err: Error, c: Context, log: (err: unknown) => void = console.error): Response {
  if (err instanceof ApiError) {
    const headers: Record<string, string> = { ...err.options.headers };
    if (err.options.retryAfter !== undefined) headers['Retry-After'] = String(err.options.retryAfter);
    return c.json(errorBody(err.code, err.message, err.options.details), err.status, headers);
  }
  if (err instanceof HTTPException) {
    const code = (Object.keys(STATUS) as ErrorCode[]).find((k) => STATUS[k] === err.status) ?? 'bad_request';
    return c.json(errorBody(code, err.message || code.replace('_', ' ')), err.status as ContentfulStatusCode);
  }
  if (isUnavailable(err)) {
    // the database is away: the client should retry, and the operator sees one line, not a stack
    log(`database unavailable: ${err.message}`);
    return c.json(errorBody('unavailable', 'the database is not available; retry shortly'), 503, {
      'Retry-After': '5',
    });
  }
  log(err);
  return c.json(errorBody('internal', 'internal server error'), 500);
}
