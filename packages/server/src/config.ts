// The server's settings. Read from the environment exactly once, in main.ts; everything else gets
// a Config passed in (tests build their own with testConfig()).
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** postgres://…, memory://, or undefined for PGlite in dataDir */
  databaseUrl: string | undefined;
  dataDir: string;
  /** the URL users reach the server at, for DSNs; derived from the request when unset */
  publicUrl: string | undefined;
  adminToken: string | undefined;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** static files of the UI (packages/ui/dist), served at / when present */
  uiDir: string | undefined;
  /** the built @faultline/sdk (its dist/), whose browser builds are served at /sdk/v1/ */
  sdkDir: string | undefined;
  ingest: {
    maxBytes: number;
    maxDecompressedBytes: number;
    maxBatchEvents: number;
    /** events per transaction of the batch writer */
    writerBatch: number;
    /** events waiting for the writer before ingest answers 503 */
    writerQueue: number;
    /** writer transactions in flight at once on PostgreSQL (PGlite always uses 1) */
    writerConcurrency: number;
    /** per public key and process: events per second (0: no limit) and the burst allowed */
    rateLimit: { perSecond: number; burst: number };
    /** per process, all projects together (FAULTLINE_INSTANCE_RATE_LIMIT; 0: no limit) */
    instanceRateLimit: { perSecond: number; burst: number };
  };
  sessionTtlMs: number;
  /** believe X-Forwarded-Proto (FAULTLINE_TRUST_PROXY=1): only behind a proxy that sets it */
  trustProxy: boolean;
  /** when set, /metrics wants `Authorization: Bearer <this>` (FAULTLINE_METRICS_TOKEN) */
  metricsToken: string | undefined;
  /** how long a request waits for the database before it is answered 503 (ms) */
  dbTimeoutMs: number;
  alerts: {
    /** smtp://user:pass@host:port (FAULTLINE_SMTP_URL): email channels need it */
    smtpUrl: string | undefined;
    /** the From of alert mail (FAULTLINE_SMTP_FROM) */
    smtpFrom: string;
    /** refuse loopback, private and link-local webhook targets (FAULTLINE_ALERT_BLOCK_PRIVATE=1) */
    blockPrivate: boolean;
    /** verifies Slack slash commands (FAULTLINE_SLACK_SIGNING_SECRET); unset: the endpoint is off */
    slackSigningSecret: string | undefined;
    /** how often the alert worker looks for work (ms) */
    pollMs: number;
    /** a receiver that has not answered by then is cut off (ms) */
    timeoutMs: number;
  };
  /** server processes sharing the port (FAULTLINE_WORKERS, "auto": one per core); more than 1 needs PostgreSQL */
  workers: number;
  /** days events are kept when a project sets none (FAULTLINE_RETENTION_DAYS) */
  retentionDays: number;
  /** stored events a project keeps at most when it sets none (FAULTLINE_MAX_EVENTS) */
  maxEvents: number;
  /** the clock: injected so tests can drive time */
  now: () => Date;
}

const MiB = 1024 * 1024;

/** Where the installed @faultline/sdk keeps its built files (found the way Node finds the package). */
function sdkDist(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@faultline/sdk/package.json')), 'dist');
  } catch {
    return undefined;
  }
}

export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 8000,
    host: '127.0.0.1',
    databaseUrl: undefined,
    dataDir: './.faultline/data',
    publicUrl: undefined,
    adminToken: undefined,
    adminEmail: undefined,
    adminPassword: undefined,
    uiDir: undefined,
    sdkDir: sdkDist(),
    ingest: {
      maxBytes: MiB,
      maxDecompressedBytes: 5 * MiB,
      maxBatchEvents: 100,
      writerBatch: 1000,
      writerQueue: 20_000,
      writerConcurrency: 1,
      rateLimit: { perSecond: 0, burst: 0 },
      instanceRateLimit: { perSecond: 0, burst: 0 },
    },
    sessionTtlMs: 14 * 86_400_000,
    trustProxy: false,
    metricsToken: undefined,
    dbTimeoutMs: 2000,
    retentionDays: 90,
    maxEvents: 1_000_000,
    workers: 1,
    alerts: {
      smtpUrl: undefined,
      smtpFrom: 'Faultline <faultline@localhost>',
      blockPrivate: false,
      slackSigningSecret: undefined,
      pollMs: 500,
      timeoutMs: 10_000,
    },
    now: () => new Date(),
    ...overrides,
  };
}

/** FAULTLINE_RATE_LIMIT: events per second per key (default 1000; 0 = off), burst 10 seconds' worth. */
function rateLimit(
  value: string | undefined,
  name = 'FAULTLINE_RATE_LIMIT',
  fallback = 1000,
): { perSecond: number; burst: number } {
  const perSecond = value === undefined || value === '' ? fallback : Number(value);
  if (!Number.isFinite(perSecond) || perSecond < 0)
    throw new Error(`${name} must be a number >= 0, got "${value}"`);
  return { perSecond, burst: perSecond * 10 };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`${name} must be a whole number >= 1, got "${value}"`);
  return n;
}

function workers(value: string | undefined, databaseUrl: string | undefined): number {
  if (!value) return 1;
  const n = value === 'auto' ? availableParallelism() : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new Error(`FAULTLINE_WORKERS must be a number of processes (1-256) or "auto", not "${value}"`);
  if (n > 1 && !databaseUrl?.startsWith('postgres'))
    throw new Error(
      'FAULTLINE_WORKERS above 1 needs DATABASE_URL=postgres://…: the embedded database serves one process',
    );
  return n;
}

function smtpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^smtps?:\/\//.test(value))
    throw new Error(`FAULTLINE_SMTP_URL must look like smtp://user:pass@host:port, got "${value}"`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = (env[name] ?? '').trim().toLowerCase();
  if (value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new Error(`${name} must be 1 or 0, got "${env[name]}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv, uiDir?: string): Config {
  const port = Number(env.PORT ?? 8000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const base = defaultConfig();
  return defaultConfig({
    port,
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.FAULTLINE_DATA_DIR || base.dataDir,
    publicUrl: env.FAULTLINE_PUBLIC_URL?.replace(/\/+$/, '') || undefined,
    adminToken: env.FAULTLINE_ADMIN_TOKEN || undefined,
    adminEmail: env.FAULTLINE_ADMIN_EMAIL?.trim().toLowerCase() || undefined,
    adminPassword: env.FAULTLINE_ADMIN_PASSWORD || undefined,
    uiDir,
    ingest: {
      ...base.ingest,
      writerQueue: positiveInteger(env, 'FAULTLINE_INGEST_QUEUE', base.ingest.writerQueue),
      rateLimit: rateLimit(env.FAULTLINE_RATE_LIMIT),
      instanceRateLimit: rateLimit(env.FAULTLINE_INSTANCE_RATE_LIMIT, 'FAULTLINE_INSTANCE_RATE_LIMIT', 0),
    },
    trustProxy: flag(env, 'FAULTLINE_TRUST_PROXY'),
    metricsToken: env.FAULTLINE_METRICS_TOKEN || undefined,
    dbTimeoutMs: positiveInteger(env, 'FAULTLINE_DB_TIMEOUT_MS', base.dbTimeoutMs),
    retentionDays: positiveInteger(env, 'FAULTLINE_RETENTION_DAYS', base.retentionDays),
    maxEvents: positiveInteger(env, 'FAULTLINE_MAX_EVENTS', base.maxEvents),
    workers: workers(env.FAULTLINE_WORKERS, env.DATABASE_URL || undefined),
    alerts: {
      ...base.alerts,
      smtpUrl: smtpUrl(env.FAULTLINE_SMTP_URL),
      smtpFrom: env.FAULTLINE_SMTP_FROM || base.alerts.smtpFrom,
      blockPrivate: flag(env, 'FAULTLINE_ALERT_BLOCK_PRIVATE'),
      slackSigningSecret: env.FAULTLINE_SLACK_SIGNING_SECRET || undefined,
    },
  });
}
