import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/index.js';
import { createScrubber, FILTERED } from './scrub.js';

const hex32 = () => crypto.randomUUID().replace(/-/g, '');
const CARD = '4111 1111 1111 1111';

describe('scrubbing, one place at a time', () => {
  const scrub = createScrubber();

  it('values under secret-looking keys, at any depth', () => {
    const bag = {
      private_key: 'k',
      pwd: 'p',
      credentials: { user: 'u' },
      jwt: 'eyJ',
      'X-Access-Key': 'a',
      nested: { api_key: 'x', fine: 'y' },
      pairs: [
        ['Authorization', 'Bearer t'],
        ['Accept', '*/*'],
      ],
    };
    expect(scrub.bag(bag)).toEqual({
      private_key: FILTERED,
      pwd: FILTERED,
      credentials: FILTERED,
      jwt: FILTERED,
      'X-Access-Key': FILTERED,
      nested: { api_key: FILTERED, fine: 'y' },
      pairs: [
        ['Authorization', FILTERED],
        ['Accept', '*/*'],
      ],
    });
  });

  it('card numbers in free text, query values in URLs (keys kept), form bodies', () => {
    expect(scrub.text(`paid with ${CARD} today`)).toBe(`paid with ${FILTERED} today`);
    expect(scrub.text('order 1234567890123 shipped')).toBe('order 1234567890123 shipped'); // not a card (Luhn)
    expect(scrub.text('GET https://api.example.com/x?access_token=abc&page=2#top')).toBe(
      `GET https://api.example.com/x?access_token=${FILTERED}&page=2#top`,
    );
    expect(scrub.form('user=ann&password=hunter2')).toBe(`user=ann&password=${FILTERED}`);
  });

  it('every place of an event', () => {
    const event = scrub.event({
      event_id: hex32(),
      timestamp: new Date().toISOString(),
      received_at: new Date().toISOString(),
      level: 'error',
      platform: null,
      release: null,
      environment: null,
      server_name: null,
      logger: null,
      transaction: null,
      message: `card ${CARD}`,
      message_format: null,
      exception: {
        values: [
          {
            type: 'PaymentError',
            value: `declined ${CARD}`,
            stack: `PaymentError: declined ${CARD}\n    at pay (/app/pay.js:1:1)`,
            stacktrace: { frames: [] },
            mechanism: null,
          },
        ],
      },
      fingerprint: null,
      tags: { session_id: 's', url: 'https://x/?token=t' },
      user: { id: '1', ip_address: '10.0.0.1' },
      contexts: null,
      extra: null,
      request: {
        url: 'https://shop.example.com/cb?code=1&access_token=secret',
        query_string: 'a=1&password=p',
        data: 'password=hunter2&name=ann',
        cookies: 'sid=1',
        headers: { 'X-Access-Key': 'k', Accept: 'text/html' },
      },
      breadcrumbs: [
        {
          timestamp: null,
          type: null,
          category: 'fetch',
          level: null,
          message: `GET /api?token=t and ${CARD}`,
          data: { url: 'https://api.example.com/v1?api_key=k&q=shoes' },
        },
      ],
      sdk: null,
    });
    const json = JSON.stringify(event);
    for (const secret of ['4111', 'hunter2', 'secret', '=t&', '=t ', 'sid=1', 'api_key=k'])
      expect(json, secret).not.toContain(secret);
    expect(event.exception!.values[0]!.value).toBe(`declined ${FILTERED}`);
    expect(event.tags).toEqual({ session_id: FILTERED, url: `https://x/?token=${FILTERED}` });
    expect(event.request!.url).toBe(`https://shop.example.com/cb?code=1&access_token=${FILTERED}`);
    expect(event.request!.query_string).toBe(`a=1&password=${FILTERED}`);
    expect(event.request!.data).toBe(`password=${FILTERED}&name=ann`);
    expect(event.breadcrumbs[0]!.data).toEqual({
      url: `https://api.example.com/v1?api_key=${FILTERED}&q=shoes`,
    });
    expect(event.user).toEqual({ id: '1', ip_address: '10.0.0.1' }); // kept unless the project asks
  });
});

describe('scrubbing with project settings, end to end', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  it('scrubs extra keys and IP addresses when the project says so, and the title too', async () => {
    const created = (await (
      await s.api('/api/projects', { method: 'POST', body: JSON.stringify({ name: 'Payments' }) })
    ).json()) as { id: number; public_key: string };
    const patch = await s.api(`/api/projects/${created.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ settings: { sensitive_fields: ['iban'], scrub_ip_addresses: true } }),
    });
    expect(patch.status).toBe(200);
    expect(
      (
        await s.api(`/api/projects/${created.id}`, {
          method: 'PATCH',
          body: JSON.stringify({ settings: { sensitive_fields: 'iban' } }),
        })
      ).status,
    ).toBe(400);

    const id = hex32();
    const res = await s.ingest(
      {
        event_id: id,
        exception: { values: [{ type: 'Error', value: `card ${CARD} refused` }] },
        user: { id: 'u1', ip_address: '203.0.113.9' },
        extra: { customer_iban: 'DE89370400440532013000', __proto__: { kept: 'as data' } },
        request: { headers: { 'X-Forwarded-For': '203.0.113.9' } },
      },
      { projectId: created.id, headers: { 'x-faultline-key': created.public_key } },
    );
    expect(res.status).toBe(200);
    const stored = (await (await s.api(`/api/projects/${created.id}/events/${id}`)).json()) as {
      title: string;
      issue_id: number;
      user: Record<string, unknown>;
      extra: Record<string, unknown>;
      request: { headers: Record<string, string> };
    };
    expect(stored.title).toBe(`Error: card ${FILTERED} refused`);
    expect(stored.user).toEqual({ id: 'u1' });
    expect(stored.extra.customer_iban).toBe(FILTERED);
    expect(stored.request.headers['X-Forwarded-For']).toBe(FILTERED);
    const issue = (await (await s.api(`/api/projects/${created.id}/issues/${stored.issue_id}`)).json()) as {
      title: string;
    };
    expect(issue.title).not.toContain('4111');
  });

  it('keeps a "__proto__" key as data instead of dropping the bag', async () => {
    const id = hex32();
    const raw = `{"event_id":"${id}","message":"proto","extra":{"__proto__":{"polluted":true},"other":1},"contexts":{"__proto__":{"a":1}}}`;
    expect((await s.ingest(raw)).status).toBe(200);
    const stored = await (await s.api(`/api/projects/${s.projectId}/events/${id}`)).text();
    expect(stored).toContain('"__proto__":{"polluted":true}');
    expect(JSON.parse(stored).extra.other).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
