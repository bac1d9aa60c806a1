import cluster from 'node:cluster';
import type { Config } from './config.js';

/**
 * FAULTLINE_WORKERS=N: this (primary) process forks N server processes that share the port (Node's
 * cluster hands connections to them in turn) and one PostgreSQL; it restarts one that dies, and
 * passes SIGTERM/SIGINT on and exits when they all have. Returns false in a worker (or with one
 * process), which then runs the server itself.
 */
export function runPrimary(config: Config): boolean {
  if (config.workers <= 1 || !cluster.isPrimary) return false;
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < config.workers; i++) fork();
  console.log(`Faultline: ${config.workers} server processes on one PostgreSQL (FAULTLINE_WORKERS)`);
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (!Object.keys(cluster.workers ?? {}).length) process.exit(0);
      return;
    }
    console.error(`a server process exited (${signal ?? code}); starting another`);
    setTimeout(fork, 1000).unref();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return true;
}
