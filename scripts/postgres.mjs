// A throwaway PostgreSQL 15 for the test run: initdb into a temp dir, start on a free port with the
// socket in that dir, and remove everything afterwards. initdb refuses to run as root, so as root
// the server runs as the `postgres` user.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

export function findPostgresBin() {
  return BIN_DIRS.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'postgres'))) ?? null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * @param {{ durable?: boolean }} [options] durable: keep fsync and synchronous commit on (benchmarks
 *   measure durable writes); off by default, for test speed.
 */
export async function startPostgres(options = {}) {
  const bin = findPostgresBin();
  if (!bin) return null;
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'faultline-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const run = (file, args, opts = {}) =>
    asRoot
      ? execFileSync(
          'su',
          ['postgres', '-s', '/bin/sh', '-c', [file, ...args].map((a) => `'${a}'`).join(' ')],
          opts,
        )
      : execFileSync(file, args, opts);
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale'], {
    stdio: 'ignore',
  });
  const fast = options.durable
    ? []
    : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const args = [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=200',
    ...fast,
  ];
  const launch = () =>
    asRoot
      ? spawn(
          'su',
          [
            'postgres',
            '-s',
            '/bin/sh',
            '-c',
            `exec '${join(bin, 'postgres')}' ${args.map((a) => `'${a}'`).join(' ')}`,
          ],
          { stdio: 'ignore' },
        )
      : spawn(join(bin, 'postgres'), args, { stdio: 'ignore' });
  const ready = async () => {
    for (let i = 0; i < 100; i++) {
      try {
        execFileSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  let server = launch();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await ready();
  const pgCtlStop = (mode) => run(join(bin, 'pg_ctl'), ['-D', data, '-m', mode, 'stop'], { stdio: 'ignore' });
  const stop = () => {
    try {
      pgCtlStop('immediate');
    } catch {
      server.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // for fault tests: the database goes away (as an operator's restart does) and comes back
  const pause = () => pgCtlStop('fast');
  const resume = async () => {
    server = launch();
    await ready();
  };
  return { url, port, stop, pause, resume };
}
