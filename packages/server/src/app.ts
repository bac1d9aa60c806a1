import { Hono } from 'hono';
import { chatopsRoutes } from './alerts/chatops.js';
import { alertRoutes } from './alerts/routes.js';
import { createAlertWorker, type AlertWorker } from './alerts/worker.js';
import { API_VERSION, ROUTE_DOCS } from './api-docs.js';
import { accessGuard } from './auth/principal.js';
import { authRoutes } from './auth/routes.js';
import { tokenRoutes } from './auth/token-routes.js';
import { createLoginThrottle } from './auth/throttle.js';
import type { Config } from './config.js';
import { createAvailability } from './db/availability.js';
import { rowsOf } from './db/rows.js';
import type { Db, DbKind, HotQuery } from './db/types.js';
import { healthRoutes } from './health/routes.js';
import { sameOriginWrites } from './http/csrf.js';
import { secureRequests } from './http/secure.js';
import type { Deps, Env } from './http/deps.js';
import { ApiError, errorBody, renderError } from './http/errors.js';
import { sdkRoutes } from './http/sdk.js';
import { serveUi } from './http/static.js';
import { createKeyResolver } from './ingest/keys.js';
import { createQuotas } from './ingest/quotas.js';
import { createRateLimiter } from './ingest/rate-limit.js';
import { ingestRoutes } from './ingest/routes.js';
import { sentryRoutes } from './sentry/routes.js';
import { createSymbolicate } from './symbolicate/index.js';
import { sourcemapRoutes } from './symbolicate/routes.js';
import { createMetrics } from './http/metrics.js';
import { openApiRoute } from './http/openapi.js';
import { commentRoutes } from './issues/comments.js';
import { issueRoutes } from './issues/routes.js';
import { createProjectPurger, type ProjectPurger } from './projects/purge.js';
import { createPeriodicJob, type PeriodicJob } from './jobs/periodic.js';
import { detectSpikes } from './releases/spikes.js';
import { createRetentionWorker, type RetentionWorker } from './retention/worker.js';
import { projectRoutes } from './projects/routes.js';
import { releaseRoutes } from './releases/routes.js';
import { createUsageCounter, type UsageCounter } from './usage/counter.js';
import { userRoutes } from './users/routes.js';
import { usageRoutes } from './usage/routes.js';
import { createBatchWriter, type BatchWriter } from './writer/batch-writer.js';
import { createPersister } from './writer/persist.js';

export interface Faultline {
  app: Hono<Env>;
  /** the batch writer: drain it before closing the database */
  writer: BatchWriter;
  /** usage counts held in memory: flush them before closing the database */
  usage: UsageCounter;
  /** the alert pipeline (not started: main.ts starts it, tests drive it with runOnce) */
  alerts: AlertWorker;
  /** removes deleted projects' rows in the background (main.ts starts it; DELETE kicks it) */
  purger: ProjectPurger;
  /** partitions ahead, and the retention pass once an hour in one process (main.ts starts it) */
  retention: RetentionWorker;
  /** the spike detector, once a minute in one process (main.ts starts it) */
  spikes: PeriodicJob;
  /** where links in alert messages point when FAULTLINE_PUBLIC_URL is unset: the address listened on */
  setListenUrl(url: string): void;
  /**
   * From now on: requests already running finish and answer with `Connection: close`; new ones
   * (on kept-alive connections) get 503 + Retry-After and `Connection: close`, so clients go elsewhere.
   */
  beginShutdown(): void;
}

/** Builds the whole HTTP application. The only place routes are mounted. */
export interface AppOptions {
  db: Db;
  config: Config;
  /** the ingest hot path's prepared statements; without it, drizzle's execute() is used */
  hot?: HotQuery;
  kind?: DbKind;
}

export function createApp({ db, config, hot, kind = 'postgres' }: AppOptions): Faultline {
  const availability = createAvailability(db);
  const writer = createBatchWriter({
    persist: createPersister({ db, hot: hot ?? ((q) => rowsOf(db, q)) }),
    maxBatch: config.ingest.writerBatch,
    maxQueue: config.ingest.writerQueue,
    concurrency: kind === 'pglite' ? 1 : config.ingest.writerConcurrency,
    // an embedded database cannot be unreachable, only busy: there, waiting is right
    waitMs: kind === 'postgres' ? config.dbTimeoutMs : undefined,
    onUnavailable: (err, timedOut) => availability.noteFailure(err, timedOut),
  });
  const metrics = createMetrics();
  const deps: Deps = { db, config, writer, metrics, availability };
  const usage = createUsageCounter(db, config.now);
  const authorize = createKeyResolver(db, () => config.now().getTime());
  const purger = createProjectPurger({ db, now: config.now, metrics });
  const retention = createRetentionWorker({
    db,
    now: config.now,
    defaultDays: config.retentionDays,
    defaultMaxEvents: config.maxEvents,
    metrics,
  });
  const spikes = createPeriodicJob({
    db,
    name: 'spikes',
    everyMs: 60_000,
    now: config.now,
    run: (now) => detectSpikes(db, now),
    metrics,
  });
  const ingestDeps = {
    ...deps,
    usage,
    authorize,
    symbolicate: createSymbolicate(db),
    rateLimiter: createRateLimiter(config.ingest.rateLimit, () => config.now().getTime()),
    quotas: createQuotas(config.ingest.instanceRateLimit, () => config.now().getTime()),
  };
  let listenUrl = `http://${config.host}:${config.port}`;
  const baseUrl = () => config.publicUrl ?? listenUrl;
  const alerts = createAlertWorker({ db, config, metrics, baseUrl });
  const app = new Hono<Env>();

  app.onError((err, c) => {
    availability.noteFailure(err);
    return renderError(err, c);
  });
  app.notFound((c) =>
    renderError(new ApiError('not_found', `no route for ${c.req.method} ${c.req.path}`), c),
  );
  app.use('*', secureRequests);
  let stopping = false;
  app.use('*', async (c, next) => {
    if (stopping) {
      return c.json(errorBody('unavailable', 'the server is shutting down; retry'), 503, {
        'Retry-After': '1',
        Connection: 'close',
      });
    }
    await next();
    if (stopping) c.header('Connection', 'close');
  });

  app.route('/', healthRoutes(deps));
  app.get('/api/openapi.json', openApiRoute(ROUTE_DOCS, API_VERSION));
  // ingest first: public-key routes, CORS for every origin, no cookies involved
  app.route('/api', ingestRoutes(ingestDeps));
  app.route('/api', sentryRoutes(ingestDeps));
  // Slack's requests carry its signature, not a cookie or token
  app.route('/api', chatopsRoutes({ ...deps, baseUrl }));
  app.use('/api/*', sameOriginWrites);
  // who may call what: the route table's access line, checked before any handler (auth/principal.ts)
  for (const doc of ROUTE_DOCS) {
    if (doc.access.auth === 'session_or_token') {
      app.on(doc.method.toUpperCase(), doc.path, accessGuard(deps, doc.access));
    }
  }
  app.route('/api', authRoutes({ ...deps, throttle: createLoginThrottle(db, config.now) }));
  app.route('/api', tokenRoutes(deps));
  app.route('/api', userRoutes(deps));
  app.route('/api', projectRoutes({ ...deps, purger, forgetKey: authorize.forget }));
  app.route('/api', issueRoutes(deps));
  app.route('/api', commentRoutes(deps));
  app.route('/api', releaseRoutes(deps));
  app.route('/api', sourcemapRoutes(deps));
  app.route('/api', usageRoutes({ ...deps, usage }));
  app.route('/api', alertRoutes(deps));
  if (config.sdkDir) app.route('/', sdkRoutes(config.sdkDir));
  if (config.uiDir) app.use('*', serveUi(config.uiDir));

  return {
    app,
    writer,
    usage,
    alerts,
    purger,
    retention,
    spikes,
    setListenUrl: (url) => void (listenUrl = url),
    beginShutdown: () => {
      stopping = true;
      availability.stop();
    },
  };
}
