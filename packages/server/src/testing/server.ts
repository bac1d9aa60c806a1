import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import type { AlertWorker } from '../alerts/worker.js';
import { createApp, type Faultline } from '../app.js';
import { bootstrap } from '../bootstrap/bootstrap.js';
import { defaultConfig, type Config } from '../config.js';
import { projectKeys } from '../db/schema.js';
import type { Database } from '../db/types.js';
import { openTestDatabase } from './db.js';

export const TEST_ADMIN = {
  email: 'admin@example.com',
  password: 'correct horse battery staple',
  token: 'flt_test_admin_token',
};

export interface TestServer {
  url: string;
  database: Database;
  config: Config;
  projectId: number;
  publicKey: string;
  /** the project's DSN, as an SDK is given it */
  dsn: string;
  /** fetch against the server with the admin token */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** the alert pipeline, not started: tests call runOnce() when they want it to work */
  alerts: AlertWorker;
  /** usage counts held in memory (flush() writes them) */
  usage: Faultline['usage'];
  /** removes deleted projects' rows; tests call drain() */
  purger: Faultline['purger'];
  /** retention's pass (not started: tests call retention.runOnce) */
  retention: Faultline['retention'];
  /** POST events with the project's public key */
  ingest(body: unknown, init?: { headers?: Record<string, string>; projectId?: number }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * A real HTTP server on a random port, on a fresh database, bootstrapped with a known admin.
 * Benchmarks, which run outside vitest, pass a database of their own (openBenchDatabase).
 */
export async function startTestServer(overrides: Partial<Config> = {}, own?: Database): Promise<TestServer> {
  const database = own ?? (await openTestDatabase());
  const config = defaultConfig({
    port: 0,
    adminToken: TEST_ADMIN.token,
    adminEmail: TEST_ADMIN.email,
    adminPassword: TEST_ADMIN.password,
    ...overrides,
  });
  const first = await bootstrap(database.db, config);
  const { app, writer, alerts, usage, purger, retention, setListenUrl } = createApp({
    db: database.db,
    config,
    hot: database.hot,
    kind: database.kind,
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  setListenUrl(url);
  const projectId = first!.project.id;
  const [key] = await database.db.select().from(projectKeys).where(eq(projectKeys.projectId, projectId));

  return {
    url,
    database,
    config,
    projectId,
    publicKey: key!.publicKey,
    dsn: `${url.replace('http://', `http://${key!.publicKey}@`)}/${projectId}`,
    alerts,
    usage,
    purger,
    retention,
    api: (path, init = {}) =>
      fetch(url + path, {
        ...init,
        headers: {
          authorization: `Bearer ${TEST_ADMIN.token}`,
          'content-type': 'application/json',
          ...(init.headers as object),
        },
      }),
    ingest: (body, init = {}) =>
      fetch(`${url}/api/${init.projectId ?? projectId}/events`, {
        method: 'POST',
        body:
          typeof body === 'string' || body instanceof Uint8Array ? (body as string) : JSON.stringify(body),
        headers: { 'content-type': 'application/json', 'x-faultline-key': key!.publicKey, ...init.headers },
      }),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as import('node:http').Server).closeAllConnections();
      });
      await writer.drain();
      await alerts.stop();
      await purger.stop();
      await database.close();
    },
  };
}
