import type { IncomingMessage } from 'node:http';
import { Hono } from 'hono';
import { ApiError, badRequest } from '../http/errors.js';
import type { Deps, Env } from '../http/deps.js';
import { idParam } from '../http/json.js';
import { decode, readLimited } from './body.js';
import { ingestCors } from './cors.js';
import { FieldError, isObj } from './fields.js';
import { createKeyResolver } from './keys.js';
import { toIncoming, type IncomingEvent } from './normalize.js';
import { depthExceeds } from './sanitize.js';
import { validateEvent } from './validate.js';

const MAX_DEPTH = 64;

export function ingestRoutes(deps: Deps) {
  const app = new Hono<Env>();
  const authorize = createKeyResolver(deps.db);
  const limits = deps.config.ingest;

  app.use('/:projectId/events', ingestCors);

  app.post('/:projectId/events', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    await authorize(c.req.header('x-faultline-key') ?? c.req.query('key'), projectId);
    checkContentType(c.req.header('content-type'));
    const body = await readLimited(
      {
        contentLength: c.req.header('content-length'),
        incoming: (c.env as { incoming?: IncomingMessage } | undefined)?.incoming,
        stream: () => c.req.raw.body,
      },
      limits,
    );
    const raw = await decode(body, c.req.header('content-encoding'), limits);
    const parsed = parseJson(raw);

    const receivedAt = deps.config.now();
    const accepted: IncomingEvent[] = [];
    const rejected: Array<{ index: number; error: { code: string; message: string } }> = [];
    if (isObj(parsed) && 'events' in parsed) {
      const list = parsed.events;
      if (!Array.isArray(list)) throw badRequest('events must be an array');
      if (list.length === 0 || list.length > limits.maxBatchEvents) {
        throw badRequest(`events must hold 1 to ${limits.maxBatchEvents} events, got ${list.length}`);
      }
      list.forEach((item, index) => {
        try {
          accepted.push(toIncoming(projectId, validateEvent(item, receivedAt)));
        } catch (err) {
          if (!(err instanceof FieldError)) throw err;
          rejected.push({
            index,
            error: { code: 'bad_request', message: `events[${index}]: ${err.message}` },
          });
        }
      });
    } else if (isObj(parsed)) {
      try {
        accepted.push(toIncoming(projectId, validateEvent(parsed, receivedAt)));
      } catch (err) {
        if (err instanceof FieldError) throw badRequest(err.message, { field: err.field });
        throw err;
      }
    } else {
      throw badRequest('the body must be an event object or {"events": [...]}');
    }

    await deps.writer.submit(accepted);
    return c.json({ ids: accepted.map((e) => e.event.event_id), rejected });
  });

  return app;
}

function checkContentType(value: string | undefined): void {
  const type = (value ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === '' || type === 'application/json' || type === 'text/plain') return;
  throw new ApiError(
    'unsupported_media_type',
    `Content-Type "${type}" is not accepted: send application/json or text/plain`,
  );
}

function parseJson(raw: Buffer): unknown {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw badRequest(`the body is not valid JSON: ${(err as Error).message}`);
  }
  if (depthExceeds(body, MAX_DEPTH)) throw badRequest(`the body is nested deeper than ${MAX_DEPTH} levels`);
  return body;
}
