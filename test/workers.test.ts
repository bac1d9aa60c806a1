import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKind } from '@faultline/server/testing';
import { freePort, MAIN, startServerProcess, type ServerProcess } from './helpers/process.js';

// FAULTLINE_WORKERS=N (Scaling out): one command, N server processes sharing the port and one
// PostgreSQL. The embedded database is one process's: asking for more is a clear startup error.
describe('FAULTLINE_WORKERS', () => {
  it('refuses more than one process on the embedded database', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', MAIN], {
      env: { ...process.env, FAULTLINE_WORKERS: '2', DATABASE_URL: '', PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/FAULTLINE_WORKERS above 1 needs DATABASE_URL/);
  });

  describe.runIf(testDatabaseKind() === 'postgres')('on PostgreSQL', () => {
    let server: ServerProcess | undefined;
    let closeDb: (() => Promise<void>) | undefined;
    afterAll(async () => {
      server?.child.kill('SIGTERM');
      await server?.exited;
      await closeDb?.();
    });

    it('serves from N processes on one port, counts exactly, and stops them all', async () => {
      const db = await openTestDatabase();
      closeDb = db.close;
      const token = 'flt_workers_token';
      server = await startServerProcess({
        DATABASE_URL: db.url!,
        FAULTLINE_ADMIN_TOKEN: token,
        FAULTLINE_WORKERS: '2',
        PORT: String(await freePort()),
      });
      // the primary forked two server processes
      const children = execFileSync('pgrep', ['-P', String(server.child.pid)], { encoding: 'utf8' })
        .trim()
        .split('\n');
      expect(children).toHaveLength(2);

      const auth = { authorization: `Bearer ${token}` };
      const { projects } = (await (await fetch(`${server.url}/api/projects`, { headers: auth })).json()) as {
        projects: Array<{ id: number; public_key: string }>;
      };
      const { id, public_key: key } = projects[0]!;
      const sends = Array.from({ length: 40 }, (_, b) =>
        fetch(`${server!.url}/api/${id}/events`, {
          method: 'POST',
          // a new connection per request, so the cluster spreads them over both processes
          headers: { 'content-type': 'application/json', 'x-faultline-key': key, connection: 'close' },
          body: JSON.stringify({
            events: Array.from({ length: 10 }, (_, j) => ({
              exception: { values: [{ type: `Job${(b * 10 + j) % 4}Error`, value: 'failed' }] },
            })),
          }),
        }).then((r) => r.status),
      );
      expect((await Promise.all(sends)).every((s) => s === 200)).toBe(true);
      const list = (await (
        await fetch(`${server.url}/api/projects/${id}/issues`, { headers: auth })
      ).json()) as {
        issues: Array<{ count: number }>;
      };
      expect(list.issues).toHaveLength(4);
      expect(list.issues.reduce((n, i) => n + i.count, 0)).toBe(400);

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      const left = spawnSync('pgrep', ['-P', String(server.child.pid)]);
      expect(left.status).toBe(1); // no process left
      server = undefined;
    });
  });
});
