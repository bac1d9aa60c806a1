import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import express from 'express';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBreadcrumb, flush, setCurrentClient, setTag, setUser } from './api.js';
import { createClient } from './client.js';
import { errorHandler, requestHandler } from './express.js';
import { faultline, faultline as honoFaultline } from './hono.js';
import { init as initNode } from './node.js';
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

describe('per-request scopes (Node: AsyncLocalStorage)', () => {
  // init() of the Node entry, as an app does; the apps interleave 50 requests on purpose
  let scoped: ReturnType<typeof initNode>;
  beforeAll(() => {
    const dsn = ingest.url.replace('http://', 'http://0123456789abcdef0123456789abcdef@') + '/1';
    scoped = initNode({ dsn, autoCapture: false, breadcrumbs: false });
    scoped.addBreadcrumb({ message: 'process started' });
    scoped.setTag('service', 'shop');
  });

  async function handle(n: string): Promise<never> {
    addBreadcrumb({ message: `step 1 of ${n}` });
    setTag('request', n);
    setUser({ id: n });
    await new Promise((r) => setTimeout(r, Math.random() * 30));
    addBreadcrumb({ message: `step 2 of ${n}` });
    throw new Error(`request ${n} failed`);
  }

  function expectNoLeaks(events: FaultlineEvent[]): void {
    expect(events).toHaveLength(50);
    for (const event of events) {
      const n = /request (\d+) failed/.exec(event.exception!.values[0]!.value)![1]!;
      expect(event.tags).toEqual({ service: 'shop', request: n });
      expect(event.user).toEqual({ id: n });
      expect(event.breadcrumbs!.map((b) => b.message)).toEqual([
        'process started',
        `step 1 of ${n}`,
        `step 2 of ${n}`,
      ]);
      expect(event.request!.url).toContain(`/r/${n}`);
    }
  }

  const eventsSince = (from: number) =>
    ingest.received.slice(from).flatMap((r) => {
      const body = JSON.parse(r.body) as FaultlineEvent | { events: FaultlineEvent[] };
      return 'events' in body ? body.events : [body];
    });

  /** 50 requests to /r/0 … /r/49 at once, then every event they produced is checked for leaks */
  async function fiftyAtOnce(server: import('node:http').Server | ReturnType<typeof serve>): Promise<void> {
    if (!server.listening) await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const from = ingest.received.length;
    await Promise.all(Array.from({ length: 50 }, (_, i) => fetch(`${base}/r/${i}`).then((r) => r.text())));
    await scoped.flush(5000);
    server.close();
    expectNoLeaks(eventsSince(from));
  }

  it('hono: 50 concurrent requests, each event carries only its own breadcrumbs, tags and user', async () => {
    const app = new Hono();
    app.onError((_e, c) => c.text('failed', 500)); // quiet: hono's default handler logs each error
    app.use(honoFaultline());
    app.get('/r/:n', (c) => handle(c.req.param('n')));
    await fiftyAtOnce(serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }));
  });

  it('express: the same with requestHandler() before the routes', async () => {
    const app = express();
    app.use(requestHandler());
    app.get('/r/:n', (req) => handle(req.params.n!));
    app.use(errorHandler());
    app.use((_e: unknown, _q: unknown, res: express.Response, _n: unknown) => void res.status(500).end());
    await fiftyAtOnce(app.listen(0, '127.0.0.1'));
  });
});
