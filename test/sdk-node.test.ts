import { spawn } from 'node:child_process';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../packages/sdk/src/client.js';
import { startTestServer, type TestServer } from '@faultline/server/testing';
import { waitForIssues } from './helpers/issues.js';

// The SDK against a real Faultline server, from real Node processes.
let s: TestServer;
let dsn: string;
beforeAll(async () => {
  s = await startTestServer();
  dsn = s.dsn;
});
afterAll(() => s.close());

function runChild(fixture: string, env: Record<string, string>) {
  const file = fileURLToPath(new URL(`./fixtures/sdk/${fixture}`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    env: { ...process.env, ...env },
    cwd: fileURLToPath(new URL('.', import.meta.url)),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const started = Date.now();
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })),
  );
}

describe('the Node SDK in a real process', () => {
  it('reports an uncaught exception before the process exits as Node would', async () => {
    const r = await runChild('uncaught.ts', { DSN: dsn });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('TypeError: boom in the child process');
    const issues = await waitForIssues(s, (all) => all.some((i) => i.value === 'boom in the child process'));
    const issue = issues.find((i) => i.value === 'boom in the child process')!;
    expect(issue).toMatchObject({
      type: 'TypeError',
      level: 'fatal',
      first_release: 'child@1.0.0',
      count: 1,
    });
    expect(issue.culprit).toContain('uncaught.ts');
  });

  it('after init() twice, still reports an uncaught exception once and exits', async () => {
    const r = await runChild('uncaught-twice.ts', { DSN: dsn });
    expect(r.code).toBe(1);
    const issues = await waitForIssues(s, (all) => all.some((i) => i.value === 'boom after two inits'));
    expect(issues.find((i) => i.value === 'boom after two inits')).toMatchObject({
      count: 1,
      first_release: 'child@1.0.1',
    });
  });

  it('reports an unhandled rejection', async () => {
    const r = await runChild('rejection.ts', { DSN: dsn });
    expect(r.code).toBe(1);
    const issues = await waitForIssues(s, (all) =>
      all.some((i) => i.value === 'rejected in the child process'),
    );
    expect(issues.find((i) => i.value === 'rejected in the child process')).toMatchObject({
      type: 'RangeError',
      count: 1,
    });
  });

  it('never blocks or crashes the app when the server is unreachable', async () => {
    const r = await runChild('unreachable.ts', { DSN: `http://${s.publicKey}@127.0.0.1:9/${s.projectId}` });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { captureMs: number; workDone: boolean };
    expect(out.workDone).toBe(true);
    expect(out.captureMs).toBeLessThan(1000); // 1000 captures, no network on the app's path
    expect(r.ms).toBeLessThan(10_000); // beforeExit's flush gives up after 2 s
  });
});

describe('retries against a server that answers 429, then 503, then 200', () => {
  it('delivers every event exactly once', async () => {
    // a proxy in front of the real server that refuses the first two requests
    let n = 0;
    const target = new URL(s.url);
    const proxy = createServer((req, res) => {
      n++;
      if (n === 1)
        return res
          .writeHead(429, { 'retry-after': '1' })
          .end('{"error":{"code":"rate_limited","message":"slow down"}}');
      if (n === 2)
        return res
          .writeHead(503, { 'retry-after': '0' })
          .end('{"error":{"code":"unavailable","message":"busy"}}');
      const upstream = request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as AddressInfo).port;
    const client = createClient({ dsn: `http://${s.publicKey}@127.0.0.1:${port}/${s.projectId}` }, 'node');
    for (let i = 0; i < 30; i++) client.captureException(new Error(`retried event ${i}`));
    expect(await client.flush(10_000)).toBe(true);
    proxy.closeAllConnections();
    proxy.close();
    const issues = await waitForIssues(s, (all) =>
      all.some((i) => i.title.startsWith('Error: retried event')),
    );
    const issue = issues.find((i) => i.title.startsWith('Error: retried event'))!;
    expect(issue.count).toBe(30);
    expect(n).toBeGreaterThanOrEqual(3);
  });
});
