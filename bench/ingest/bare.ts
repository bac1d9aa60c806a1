// The baseline: a bare hono JSON endpoint on the same server adapter, parsing the same body.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.post('/api/:projectId/events', async (c) => {
  const body = (await c.req.json()) as { event_id?: string };
  return c.json({ ids: [body.event_id], rejected: [] });
});
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, (info) => {
  console.log(`bare hono listening on ${info.port}`);
});
