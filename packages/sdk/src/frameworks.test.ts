import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import express from 'express';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flush, setCurrentClient } from './api.js';
import { createClient } from './client.js';
import { errorHandler } from './express.js';
import { faultline } from './hono.js';
import { recordingServer } from './test-server.js';
import type { FaultlineEvent } from './types.js';

// Real hono and express apps on real ports; the events go to a recording ingest server.
let ingest: Awaited<ReturnType<typeof recordingServer>>;
beforeAll(async () => {
  ingest = await recordingServer(() => ({ status: 200 }));
  const dsn = ingest.url.replace('http://', 'http://0123456789abcdef0123456789abcdef@') + '/1';
  setCurrentClient(createClient({ dsn }, 'node'));
});
afterAll(async () => {
  setCurrentClient(undefined);
  await ingest.close();
});

const lastEvent = () => JSON.parse(ingest.received[ingest.received.length - 1]!.body) as FaultlineEvent;

describe('framework helpers', () => {
  it('hono: captures a route error with the request, credentials left out', async () => {
    const app = new Hono();
    app.use(faultline());
    app.get('/cart/:id', () => {
      throw new TypeError('cart exploded');
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cart/7?x=1`;
    const res = await fetch(url, { headers: { authorization: 'Bearer secret', 'x-trace': 't1' } });
    expect(res.status).toBe(500);
    await flush(2000);
    server.close();
    const event = lastEvent();
    expect(event.exception!.values[0]).toMatchObject({
      type: 'TypeError',
      value: 'cart exploded',
      mechanism: { type: 'hono', handled: false },
    });
    expect(event.request).toMatchObject({ method: 'GET', url, headers: { 'x-trace': 't1' } });
    expect(event.request!.headers!.authorization).toBeUndefined();
  });

  it('express: captures a route error with the request and passes it on', async () => {
    const app = express();
    app.get('/orders', () => {
      throw new RangeError('order out of range');
    });
    app.use(errorHandler());
    app.use(
      (_err: unknown, _req: unknown, res: express.Response, _next: unknown) =>
        void res.status(500).send('handled'),
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`;
    const res = await fetch(url, { headers: { cookie: 'sid=1' } });
    expect(await res.text()).toBe('handled');
    await flush(2000);
    server.close();
    const event = lastEvent();
    expect(event.exception!.values[0]).toMatchObject({
      type: 'RangeError',
      mechanism: { type: 'express', handled: false },
    });
    expect(event.request).toMatchObject({ method: 'GET', url });
    expect(event.request!.headers!.cookie).toBeUndefined();
  });
});
