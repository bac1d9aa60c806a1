import { Hono } from 'hono';
import { ApiError, badRequest } from '../http/errors.js';
import type { Deps, Env } from '../http/deps.js';
import { idParam } from '../http/json.js';
import type { Symbolicate } from '../symbolicate/index.js';
import type { UsageCounter } from '../usage/counter.js';
import { ingestCors } from './cors.js';
import { FieldError, isObj } from './fields.js';
import type { KeyAuthorizer } from './keys.js';
import type { IncomingEvent } from './normalize.js';
import { countRefusals } from './outcome.js';
import { prepareEvent } from './prepare.js';
import type { Quotas } from './quotas.js';
import type { RateLimiter } from './rate-limit.js';
import { admit, refuse } from './refuse.js';
import { parseJson, readBody } from './request.js';

export interface IngestDeps extends Deps {
  authorize: KeyAuthorizer;
  rateLimiter: RateLimiter;
  quotas: Quotas;
  symbolicate: Symbolicate;
  usage: UsageCounter;
}

/** The native endpoint (api.md): one event or {"events": [...]}, the public key in a header or ?key=. */
export function ingestRoutes(deps: IngestDeps) {
  const app = new Hono<Env>();
  const limits = deps.config.ingest;
  const gate = { ...deps, rateLimit: limits.rateLimit };

  app.use('/:projectId/events', ingestCors, countRefusals(deps.metrics, deps.usage));

  app.post('/:projectId/events', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    const key = c.req.header('x-faultline-key') ?? c.req.query('key');
    const admitted = await admit(gate, key, projectId);
    if (admitted.refusal) return refuse(c, admitted.refusal, projectId, deps.usage);
    c.set('ingestProject', { projectId, keyId: admitted.keyId });
    const ctx = { projectId, symbolicate: deps.symbolicate, scrub: admitted.scrub };
    checkContentType(c.req.header('content-type'));
    const parsed = parseJson(await readBody(c, limits));

    const receivedAt = deps.config.now();
    const accepted: IncomingEvent[] = [];
    const rejected: Array<{ index: number; error: { code: string; message: string } }> = [];
    if (isObj(parsed) && 'events' in parsed) {
      const list = parsed.events;
      if (!Array.isArray(list)) throw badRequest('events must be an array');
      if (list.length === 0 || list.length > limits.maxBatchEvents) {
        throw badRequest(`events must hold 1 to ${limits.maxBatchEvents} events, got ${list.length}`);
      }
      for (const [index, item] of list.entries()) {
        try {
          accepted.push(await prepareEvent(ctx, item, receivedAt));
        } catch (err) {
          if (!(err instanceof FieldError)) throw err;
          rejected.push({
            index,
            error: { code: 'bad_request', message: `events[${index}]: ${err.message}` },
          });
        }
      }
    } else if (isObj(parsed)) {
      try {
        accepted.push(await prepareEvent(ctx, parsed, receivedAt));
      } catch (err) {
        if (err instanceof FieldError) throw badRequest(err.message, { field: err.field });
        throw err;
      }
    } else {
      throw badRequest('the body must be an event object or {"events": [...]}');
    }

    if (rejected.length) {
      deps.metrics.inc('faultline_events_rejected_total', { reason: 'invalid' }, rejected.length);
      deps.usage.count(projectId, 'dropped', rejected.length, admitted.keyId);
    }
    deps.rateLimiter.take(key!.toLowerCase(), accepted.length);
    deps.quotas.take(projectId, admitted.quota, accepted.length);
    await deps.writer.submit(accepted);
    deps.metrics.inc('faultline_events_accepted_total', undefined, accepted.length);
    deps.usage.count(projectId, 'accepted', accepted.length, admitted.keyId);
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
