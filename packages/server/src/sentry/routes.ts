import { Hono } from 'hono';
import { badRequest } from '../http/errors.js';
import type { Env } from '../http/deps.js';
import { idParam } from '../http/json.js';
import { ingestCors } from '../ingest/cors.js';
import { FieldError } from '../ingest/fields.js';
import type { IncomingEvent } from '../ingest/normalize.js';
import { prepareEvent } from '../ingest/prepare.js';
import { parseJson, readBody } from '../ingest/request.js';
import type { IngestDeps } from '../ingest/routes.js';
import { sentryKey } from './auth.js';
import { parseEnvelope } from './envelope.js';

/**
 * What unmodified Sentry SDKs send (api.md, "Sentry-compatible ingest"): envelopes and the older
 * store endpoint. Event items become the same internal events as the native endpoint; sessions,
 * client reports, transactions and other item types are skipped (counted in /metrics).
 */
export function sentryRoutes(deps: IngestDeps) {
  const app = new Hono<Env>();
  const limits = deps.config.ingest;

  const accept = async (projectId: number, key: string, payloads: Buffer[]): Promise<IncomingEvent[]> => {
    const receivedAt = deps.config.now();
    const events: IncomingEvent[] = [];
    for (const [i, payload] of payloads.entries()) {
      const what = payloads.length > 1 ? `event item ${i + 1}` : 'the event';
      try {
        events.push(await prepareEvent(deps.symbolicate, projectId, parseJson(payload, what), receivedAt));
      } catch (err) {
        if (err instanceof FieldError) throw badRequest(`${what}: ${err.message}`, { field: err.field });
        throw err;
      }
    }
    if (events.length) deps.rateLimiter.take(key.toLowerCase(), events.length);
    await deps.writer.submit(events);
    return events;
  };

  for (const path of ['/:projectId/envelope/', '/:projectId/envelope']) {
    app.use(path, ingestCors);
    app.post(path, async (c) => {
      const projectId = idParam(c, 'projectId', 'project');
      // the key may be in the envelope header: then the body is read (within the limits) first
      const early = sentryKey(c);
      if (early) await deps.authorize(early, projectId);
      const envelope = parseEnvelope(await readBody(c, limits));
      const key = early ?? sentryKey(c, envelope.header.dsn);
      if (!early) await deps.authorize(key, projectId);
      const payloads: Buffer[] = [];
      for (const item of envelope.items) {
        if (item.type === 'event') {
          payloads.push(item.payload);
          deps.metrics.inc('faultline_sentry_events_received_total');
        } else deps.metrics.inc('faultline_sentry_items_skipped_total', { type: item.type.slice(0, 32) });
      }
      const events = await accept(projectId, key!, payloads);
      const headerId =
        typeof envelope.header.event_id === 'string' ? envelope.header.event_id.replace(/-/g, '') : null;
      return c.json({ id: events[0]?.event.event_id ?? headerId });
    });
  }

  for (const path of ['/:projectId/store/', '/:projectId/store']) {
    app.use(path, ingestCors);
    app.post(path, async (c) => {
      const projectId = idParam(c, 'projectId', 'project');
      const key = sentryKey(c);
      await deps.authorize(key, projectId);
      const [event] = await accept(projectId, key!, [await readBody(c, limits)]);
      return c.json({ id: event!.event.event_id });
    });
  }

  return app;
}
