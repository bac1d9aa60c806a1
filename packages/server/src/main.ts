// The server process: reads the environment once, opens and migrates the database, bootstraps an
// empty one, serves HTTP, and shuts down cleanly (stop accepting, drain the writer, close the db).
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { runPrimary } from './cluster.js';
import { bootstrap, type FirstStart } from './bootstrap/bootstrap.js';
import { loadConfig, type Config } from './config.js';
import { DataDirLockedError } from './db/lock.js';
import { openDatabase } from './db/open.js';
import { dsn } from './projects/service.js';

const STOP_DEADLINE_MS = 7000;
const uiDir = fileURLToPath(new URL('../../ui/dist', import.meta.url));

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env, existsSync(uiDir) ? uiDir : undefined);
  } catch (err) {
    // a bad setting: its message names it, a stack trace would only hide that
    console.error(`Faultline cannot start: ${(err as Error).message}`);
    process.exit(2);
  }
  if (runPrimary(config)) return; // FAULTLINE_WORKERS: the work happens in the forked processes
  let database;
  try {
    database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  await database.migrate();
  const first = await bootstrap(database.db, config);
  const { app, writer, usage, alerts, purger, retention, spikes, setListenUrl, beginShutdown } = createApp({
    db: database.db,
    config,
    hot: database.hot,
    kind: database.kind,
  });

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const url = config.publicUrl ?? `http://${displayHost(config.host)}:${info.port}`;
    setListenUrl(url);
    alerts.start();
    purger.start();
    retention.start();
    spikes.start();
    const where = database.kind === 'pglite' ? `embedded, ${config.dataDir}` : 'PostgreSQL';
    // one write, so whoever watches the output sees the DSN together with the "running" line
    console.log(
      `Faultline is running at ${url} (database: ${where})${first ? firstStartText(first, url, config) : ''}`,
    );
  });

  // A graceful stop that ends even while clients keep sending on kept-alive connections: stop
  // accepting, answer what is running with Connection: close, refuse the rest, close idle sockets,
  // write what was acknowledged, close the database. Done well inside a container runtime's 10 s.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    beginShutdown();
    const alertsStopped = alerts.stop();
    const purgeStopped = purger.stop();
    const retentionStopped = retention.stop();
    const spikesStopped = spikes.stop();
    const http = server as Server;
    const idle = setInterval(() => http.closeIdleConnections(), 100);
    const hard = setTimeout(() => http.closeAllConnections(), STOP_DEADLINE_MS);
    await new Promise<void>((resolve) => http.close(() => resolve()));
    clearInterval(idle);
    clearTimeout(hard);
    await writer.drain();
    await alertsStopped;
    await purgeStopped;
    await retentionStopped;
    await spikesStopped;
    await usage.flush();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
}

function firstStartText(first: FirstStart, url: string, config: Config): string {
  const lines = [
    '',
    'First start: created the project "default", an admin user and an admin token.',
    `  DSN:          ${dsn(url, first.project.publicKey, first.project.id)}`,
    `  Login:        ${first.email} / ${first.password ?? '(FAULTLINE_ADMIN_PASSWORD)'}`,
    `  Admin token:  ${first.token ?? '(FAULTLINE_ADMIN_TOKEN)'}`,
    '  These are shown once. Keep them somewhere safe.',
  ];
  if (!config.publicUrl && config.host === '127.0.0.1') {
    lines.push('  Listening on 127.0.0.1 only: set HOST=0.0.0.0 to accept other machines.');
  }
  return `\n${lines.join('\n')}\n`;
}

main().catch((err) => {
  console.error('Faultline failed to start:', err);
  process.exit(1);
});
