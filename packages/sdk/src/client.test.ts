import { describe, expect, it } from 'vitest';
import { createClient } from './client.js';
import type { FaultlineEvent, Transport } from './types.js';

function capture() {
  const sent: FaultlineEvent[] = [];
  const transport: Transport = { send: (e) => void sent.push(e), flush: async () => true };
  return { sent, transport };
}
const dsn = 'http://0123456789abcdef0123456789abcdef@127.0.0.1:1/7';

describe('client', () => {
  it('builds events with scope, release and environment', () => {
    const { sent, transport } = capture();
    const c = createClient({ dsn, transport, release: '1.2.3', environment: 'staging' }, 'node');
    c.setUser({ id: 'u1' });
    c.setTags({ region: 'eu' });
    c.setTag('plan', 'pro');
    c.setContext('cart', { items: 2 });
    c.addBreadcrumb({ category: 'nav', message: 'to /cart' });
    const id = c.captureException(new TypeError('x is undefined'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      event_id: id,
      platform: 'node',
      level: 'error',
      release: '1.2.3',
      environment: 'staging',
      user: { id: 'u1' },
      tags: { region: 'eu', plan: 'pro' },
      contexts: { cart: { items: 2 } },
      breadcrumbs: [{ category: 'nav', message: 'to /cart' }],
      exception: { values: [{ type: 'TypeError', value: 'x is undefined' }] },
      sdk: { name: 'faultline.js' },
    });
    expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('captures messages with a level', () => {
    const { sent, transport } = capture();
    createClient({ dsn, transport }, 'javascript').captureMessage('cache warmed', 'info');
    expect(sent[0]).toMatchObject({ message: 'cache warmed', level: 'info' });
  });

  it('keeps the last maxBreadcrumbs breadcrumbs', () => {
    const { sent, transport } = capture();
    const c = createClient({ dsn, transport, maxBreadcrumbs: 3 }, 'node');
    for (let i = 0; i < 10; i++) c.addBreadcrumb({ message: String(i) });
    c.captureMessage('x');
    expect(sent[0]!.breadcrumbs!.map((b) => b.message)).toEqual(['7', '8', '9']);
  });

  it('applies beforeSend, sampleRate and enabled', () => {
    const { sent, transport } = capture();
    createClient({ dsn, transport, beforeSend: () => null }, 'node').captureMessage('dropped');
    createClient({ dsn, transport, sampleRate: 0 }, 'node').captureMessage('sampled out');
    createClient({ dsn, transport, enabled: false }, 'node').captureMessage('disabled');
    createClient({ dsn: 'not a dsn', transport }, 'node').captureMessage('no dsn');
    const scrubbed = createClient({ dsn, transport, beforeSend: (e) => ({ ...e, user: undefined }) }, 'node');
    scrubbed.setUser({ email: 'a@b.co' });
    scrubbed.captureMessage('kept');
    expect(sent.map((e) => e.message)).toEqual(['kept']);
    expect(sent[0]!.user).toBeUndefined();
  });

  it('never throws into the app', () => {
    const transport: Transport = {
      send: () => {
        throw new Error('transport broke');
      },
      flush: () => Promise.reject(new Error('nope')),
    };
    const c = createClient(
      {
        dsn,
        transport,
        beforeSend: () => {
          throw new Error('hook broke');
        },
      },
      'node',
    );
    expect(() => c.captureException(new Error('x'))).not.toThrow();
    expect(() => c.captureMessage('x')).not.toThrow();
    expect(() => c.setContext('x', null)).not.toThrow();
    return expect(c.flush(10)).resolves.toBe(false);
  });
});
