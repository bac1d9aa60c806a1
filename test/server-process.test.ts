import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startServerProcess, type ServerProcess } from './helpers/process.js';

// The server as a user runs it: a real process on the embedded database in a fresh data dir.
const dataDir = mkdtempSync(join(tmpdir(), 'faultline-e2e-'));
const running: ServerProcess[] = [];
afterAll(() => {
  for (const p of running) p.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the server process on the embedded database', () => {
  let server: ServerProcess;
  let dsn: string;
  let token: string;

  it('prints the DSN, login and admin token on first start', async () => {
    server = await startServerProcess({ PORT: String(await freePort()), FAULTLINE_DATA_DIR: dataDir });
    running.push(server);
    const out = server.output();
    dsn = /DSN:\s+(\S+)/.exec(out)![1]!;
    token = /Admin token:\s+(flt_\S+)/.exec(out)![1]!;
    expect(dsn).toMatch(/^http:\/\/[0-9a-f]{32}@127\.0\.0\.1:\d+\/1$/);
    expect(out).toMatch(/Login:\s+admin@faultline\.local \/ \S+/);
  });

  it('takes an event with the DSN key and groups it into an issue', async () => {
    const { username: key, origin, pathname } = new URL(dsn);
    const projectId = pathname.slice(1);
    for (const value of ['Unknown product 1002', 'Unknown product 7']) {
      const res = await fetch(`${origin}/api/${projectId}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-faultline-key': key },
        body: JSON.stringify({
          exception: {
            values: [
              {
                type: 'NotFoundError',
                value,
                stack: `NotFoundError: ${value}\n    at lookupPrice (/app/src/pricing.js:8:11)`,
              },
            ],
          },
          release: 'shop@1.0.0',
        }),
      });
      expect(res.status).toBe(200);
    }
    const list = await fetch(`${origin}/api/projects/${projectId}/issues`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const { issues } = (await list.json()) as {
      issues: Array<{ title: string; count: number; culprit: string }>;
    };
    expect(issues).toEqual([
      expect.objectContaining({
        title: 'NotFoundError: Unknown product 1002',
        count: 2,
        culprit: 'src/pricing.js in lookupPrice',
      }),
    ]);
  });

  it('refuses a bad setting at start, naming it', async () => {
    const bad = startServerProcess({
      PORT: String(await freePort()),
      FAULTLINE_DATA_DIR: mkdtempSync(join(tmpdir(), 'faultline-bad-')),
      FAULTLINE_INGEST_QUEUE: 'abc',
    });
    await expect(bad).rejects.toThrow(/FAULTLINE_INGEST_QUEUE must be a whole number/);
  });

  it('refuses a second server on the same data directory with a clear message', async () => {
    const second = startServerProcess({ PORT: String(await freePort()), FAULTLINE_DATA_DIR: dataDir });
    await expect(second).rejects.toThrow(/Another Faultline server \(pid \d+\) is using the data directory/);
  });

  it('shuts down cleanly on SIGTERM and keeps its data for the next start', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('SIGTERM: shutting down');
    const again = await startServerProcess({ PORT: String(await freePort()), FAULTLINE_DATA_DIR: dataDir });
    running.push(again);
    expect(again.output()).not.toContain('First start');
    const res = await fetch(`${again.url}/api/projects/1/issues`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await res.json()) as { issues: unknown[] }).issues).toHaveLength(1);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });
});
