import { Hono, type Context } from 'hono';
import { badRequest } from '../http/errors.js';
import type { Env } from '../http/deps.js';
import { idParam } from '../http/json.js';
import { decode, decodeFirstLine } from '../ingest/body.js';
import { ingestCors } from '../ingest/cors.js';
import { FieldError } from '../ingest/fields.js';
import type { IncomingEvent } from '../ingest/normalize.js';
import { countRefusals } from '../ingest/outcome.js';
import { prepareEvent, type PrepareContext } from '../ingest/prepare.js';
import { admit, refuse } from '../ingest/refuse.js';
import { parseJson, readBody, readRawBody } from '../ingest/request.js';
import type { ProjectQuota } from '../ingest/quotas.js';
import type { IngestDeps } from '../ingest/routes.js';
import { sentryKey } from './auth.js';
import { envelopeHeader, itemTypeLabel, parseEnvelope } from './envelope.js';

/**
 * What unmodified Sentry SDKs send (api.md, "Sentry-compatible ingest"): envelopes and the older
 * store endpoint. Event items become the same internal events as the native endpoint; sessions,
 * client reports, transactions and other item types are skipped (counted in /metrics).
 */
export function sentryRoutes(deps: IngestDeps) {
  const app = new Hono<Env>();
  const limits = deps.config.ingest;
  const gate = { ...deps, rateLimit: limits.rateLimit };

  const accept = async (
    ctx: PrepareContext,
    key: { value: string; id: number; quota: ProjectQuota },
    payloads: Buffer[],
  ): Promise<IncomingEvent[]> => {
    const receivedAt = deps.config.now();
    const events: IncomingEvent[] = [];
    for (const [i, payload] of payloads.entries()) {
      const what = payloads.length > 1 ? `event item ${i + 1}` : 'the event';
      try {
        events.push(await prepareEvent(ctx, parseJson(payload, what), receivedAt));
      } catch (err) {
        if (err instanceof FieldError) throw badRequest(`${what}: ${err.message}`, { field: err.field });
        throw err;
      }
    }
    deps.rateLimiter.take(key.value.toLowerCase(), events.length);
    deps.quotas.take(ctx.projectId, key.quota, events.length);
    await deps.writer.submit(events);
    deps.metrics.inc('faultline_events_accepted_total', undefined, events.length);
    deps.usage.count(ctx.projectId, 'accepted', events.length, key.id);
    return events;
  };

  /** The envelope's body, read once the key is known good: from a header, or from the envelope header line. */
  const readEnvelope = async (c: Context, projectId: number) => {
    let key = sentryKey(c);
    if (key) {
      const admitted = await admit(gate, key, projectId);
      if (admitted.refusal) return admitted;
      return { ...admitted, key, body: await readBody(c, limits) };
    }
    // only the first line is decompressed before the key in it is checked
    const raw = await readRawBody(c, limits);
    const encoding = c.req.header('content-encoding');
    key = sentryKey(c, envelopeHeader(await decodeFirstLine(raw, encoding)).dsn);
    const admitted = await admit(gate, key, projectId);
    if (admitted.refusal) return admitted;
    return { ...admitted, key: key!, body: await decode(raw, encoding, limits) };
  };

  for (const path of ['/:projectId/envelope/', '/:projectId/envelope']) {
    app.use(path, ingestCors, countRefusals(deps.metrics, deps.usage));
    app.post(path, async (c) => {
      const projectId = idParam(c, 'projectId', 'project');
      const read = await readEnvelope(c, projectId);
      if (read.refusal) return refuse(c, read.refusal, projectId, deps.usage);
      c.set('ingestProject', { projectId, keyId: read.keyId });
      const envelope = parseEnvelope(read.body);
      const payloads: Buffer[] = [];
      for (const item of envelope.items) {
        if (item.type === 'event') {
          payloads.push(item.payload);
          deps.metrics.inc('faultline_sentry_events_received_total');
        } else deps.metrics.inc('faultline_sentry_items_skipped_total', { type: itemTypeLabel(item.type) });
      }
      const events = await accept(
        { projectId, symbolicate: deps.symbolicate, scrub: read.scrub },
        { value: read.key, id: read.keyId, quota: read.quota },
        payloads,
      );
      const headerId =
        typeof envelope.header.event_id === 'string' ? envelope.header.event_id.replace(/-/g, '') : null;
      return c.json({ id: events[0]?.event.event_id ?? headerId });
    });
  }

  for (const path of ['/:projectId/store/', '/:projectId/store']) {
    app.use(path, ingestCors, countRefusals(deps.metrics, deps.usage));
    app.post(path, async (c) => {
      const projectId = idParam(c, 'projectId', 'project');
      const key = sentryKey(c);
      const admitted = await admit(gate, key, projectId);
      if (admitted.refusal) return refuse(c, admitted.refusal, projectId, deps.usage);
      c.set('ingestProject', { projectId, keyId: admitted.keyId });
      const ctx = { projectId, symbolicate: deps.symbolicate, scrub: admitted.scrub };
      const [event] = await accept(ctx, { value: key!, id: admitted.keyId, quota: admitted.quota }, [
        await readBody(c, limits),
      ]);
      return c.json({ id: event!.event.event_id });
    });
  }

  return app;
}
