// Response headers, the session cookie behind TLS, and /metrics that a client cannot inflate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN, type TestServer } from '../testing/index.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ trustProxy: true, metricsToken: 'metrics-secret' });
});
afterAll(() => s.close());

const login = (headers: Record<string, string> = {}) =>
  fetch(`${s.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email: TEST_ADMIN.email, password: TEST_ADMIN.password }),
  });

describe('security headers', () => {
  it('every response forbids framing, inline script and cross-site referrers', async () => {
    for (const res of [
      await fetch(`${s.url}/`),
      await s.api(`/api/projects`),
      await fetch(`${s.url}/api/nothing-here`),
      await s.ingest({ message: 'x' }),
    ]) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('marks the session cookie Secure behind a trusted TLS proxy, and only then', async () => {
    const plain = (await login()).headers.get('set-cookie') ?? '';
    expect(plain).toMatch(/HttpOnly/i);
    expect(plain).not.toMatch(/Secure/i);
    const proxied = (await login({ 'x-forwarded-proto': 'https' })).headers.get('set-cookie') ?? '';
    expect(proxied).toMatch(/Secure/);
  });

  it('with an https public URL the cookie is always Secure; X-Forwarded-Proto is ignored untrusted', async () => {
    const tls = await startTestServer({ publicUrl: 'https://errors.example.com' });
    const untrusted = await startTestServer();
    try {
      const res = await fetch(`${tls.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: TEST_ADMIN.email, password: TEST_ADMIN.password }),
      });
      expect(res.headers.get('set-cookie')).toMatch(/Secure/);
      const spoofed = await fetch(`${untrusted.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ email: TEST_ADMIN.email, password: TEST_ADMIN.password }),
      });
      expect(spoofed.headers.get('set-cookie')).not.toMatch(/Secure/);
    } finally {
      await tls.close();
      await untrusted.close();
    }
  });
});

describe('/metrics', () => {
  const metrics = (token?: string) =>
    fetch(`${s.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('wants FAULTLINE_METRICS_TOKEN when one is set', async () => {
    expect((await metrics()).status).toBe(401);
    expect((await metrics('wrong')).status).toBe(401);
    expect((await metrics('metrics-secret')).status).toBe(200);
  });

  it('keeps a fixed label set whatever item types envelopes invent', async () => {
    const series = async () =>
      (await (await metrics('metrics-secret')).text()).split('\n').filter((l) => l.startsWith('faultline_'))
        .length;
    const before = await series();
    for (let n = 0; n < 3; n++) {
      const items = Array.from({ length: 100 }, (_, i) => `{"type":"made_up_${n}_${i}"}\n{}`).join('\n');
      const res = await fetch(`${s.url}/api/${s.projectId}/envelope/?sentry_key=${s.publicKey}`, {
        method: 'POST',
        body: `{}\n${items}\n`,
      });
      expect(res.status).toBe(200);
    }
    const text = await (await metrics('metrics-secret')).text();
    expect(text).toContain('faultline_sentry_items_skipped_total{type="other"} 300');
    expect((await series()) - before).toBeLessThanOrEqual(1);
  });
});
