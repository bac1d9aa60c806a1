import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/index.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1';
const EDGE =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0';

describe('User-Agent on ingest', () => {
  it('tags browser, OS and device, fills missing contexts, and keeps what the SDK sent', async () => {
    const event = (headers: unknown, extra: Record<string, unknown> = {}) => ({
      exception: { values: [{ type: 'TypeError', value: 'x is undefined' }] },
      request: { url: 'https://shop.example/cart', headers },
      ...extra,
    });
    const res = await s.ingest({
      events: [
        event({ 'User-Agent': IPHONE }),
        event([['user-agent', EDGE]], { tags: { browser: 'Custom 1' }, contexts: { os: { name: 'Win' } } }),
        event({ 'User-Agent': 'curl/8.0' }),
      ],
    });
    expect(res.status).toBe(200);
    const base = `/api/projects/${s.projectId}`;
    const [issue] = ((await (await s.api(`${base}/issues`)).json()) as { issues: Array<{ id: number }> })
      .issues;
    const d = (await (await s.api(`${base}/issues/${issue!.id}`)).json()) as {
      tags: Record<string, Array<[string, number]>>;
    };
    expect(d.tags.browser).toEqual([
      ['Custom 1', 1],
      ['Safari 17', 1],
    ]);
    expect(d.tags['browser.name']).toEqual([
      ['Microsoft Edge', 1],
      ['Safari', 1],
    ]);
    expect(d.tags.os).toEqual([
      ['Windows 10', 1],
      ['iOS 17.2', 1],
    ]);
    expect(d.tags.device).toEqual([
      ['desktop', 1],
      ['iPhone', 1],
    ]);

    const events = (await (await s.api(`${base}/issues/${issue!.id}/events`)).json()) as {
      events: Array<{ event_id: string }>;
    };
    const full = await Promise.all(
      events.events.map(
        async (e) =>
          (await (await s.api(`${base}/events/${e.event_id}`)).json()) as {
            tags: Record<string, string>;
            contexts: Record<string, Record<string, string>> | null;
          },
      ),
    );
    const iphone = full.find((e) => e.tags.device === 'iPhone')!;
    expect(iphone.contexts).toMatchObject({
      browser: { name: 'Safari', version: '17.2' },
      os: { name: 'iOS', version: '17.2' },
      device: { family: 'mobile', model: 'iPhone', brand: 'Apple' },
    });
    const edge = full.find((e) => e.tags.browser === 'Custom 1')!;
    expect(edge.contexts!.os).toEqual({ name: 'Win' });
    // an agent that names no browser adds nothing
    const curl = full.find((e) => !e.tags.browser)!;
    expect(curl.contexts).toBeNull();
  });
});
