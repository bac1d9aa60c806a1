export type Level = 'fatal' | 'error' | 'warning' | 'info' | 'debug';

export interface Breadcrumb {
  timestamp?: number;
  type?: string;
  category?: string;
  message?: string;
  level?: Level;
  data?: Record<string, unknown>;
}

export interface Mechanism {
  type: string;
  handled: boolean;
  synthetic?: boolean;
}

export interface ExceptionValue {
  type: string;
  value: string;
  /** the raw error.stack: the server parses it, which keeps the SDK small */
  stack?: string;
  mechanism?: Mechanism;
}

/** The event of the native ingest endpoint (api.md): Sentry's event JSON, with raw stacks. */
export interface FaultlineEvent {
  event_id: string;
  timestamp: number;
  platform: string;
  level: Level;
  release?: string;
  environment?: string;
  server_name?: string;
  message?: string;
  exception?: { values: ExceptionValue[] };
  fingerprint?: string[];
  tags?: Record<string, string>;
  user?: User;
  contexts?: Record<string, Record<string, unknown>>;
  extra?: Record<string, unknown>;
  request?: { url?: string; method?: string; headers?: Record<string, string>; query_string?: string };
  breadcrumbs?: Breadcrumb[];
  sdk: { name: string; version: string };
}

export interface User {
  id?: string | number;
  email?: string;
  username?: string;
  ip_address?: string;
  [key: string]: unknown;
}

/** Extra information for one capture. */
export interface Hint {
  level?: Level;
  mechanism?: Mechanism;
  tags?: Record<string, string>;
  extra?: Record<string, unknown>;
  fingerprint?: string[];
  request?: FaultlineEvent['request'];
  user?: User;
}

export interface Transport {
  send(event: FaultlineEvent): void;
  /** resolves true once everything queued is delivered, false if the time ran out first */
  flush(timeoutMs?: number): Promise<boolean>;
  /** last chance before the page goes away: hand what is queued to the browser (keepalive / beacon) */
  unload?(): void;
}

/** Optional behaviour as small functions: return null from processEvent to drop the event. */
export interface Integration {
  name: string;
  setup?(client: Client): void;
  /** undoes setup (close(), or a second init()) */
  teardown?(): void;
  processEvent?(event: FaultlineEvent): FaultlineEvent | null;
}

export interface Options {
  dsn: string;
  release?: string;
  environment?: string;
  /** 0..1, the share of events sent (default 1) */
  sampleRate?: number;
  beforeSend?: (event: FaultlineEvent, hint: Hint) => FaultlineEvent | null;
  maxBreadcrumbs?: number;
  /** false: the client does nothing */
  enabled?: boolean;
  /** log what the SDK does to the console (it is silent otherwise) */
  debug?: boolean;
  transport?: Transport;
  fetch?: typeof fetch;
  /** events kept while the server is unreachable; past it the oldest are dropped (default 100) */
  maxQueue?: number;
  integrations?: Integration[];
  /** record console calls and fetch requests as breadcrumbs (default true) */
  breadcrumbs?: boolean;
  /** capture uncaught errors and unhandled rejections (default true) */
  autoCapture?: boolean;
}

/** What events get from where they were captured: user, tags, contexts, breadcrumbs, the request. */
export interface Scope {
  user?: User;
  tags: Record<string, string>;
  contexts: Record<string, Record<string, unknown>>;
  breadcrumbs: Breadcrumb[];
  request?: FaultlineEvent['request'];
}

/** Where per-request scopes live (Node: AsyncLocalStorage); without it there is one global scope. */
export interface ScopeStore {
  current(): Scope | undefined;
  run<T>(scope: Scope, fn: () => T): T;
}

export interface Client {
  readonly options: Options;
  /**
   * Runs `fn` in a scope of its own (in Node: everything `fn` starts, awaits included), which
   * starts empty but for `init`: what is set inside stays inside; the global scope still applies.
   */
  withScope<T>(fn: () => T, init?: Partial<Scope>): T;
  captureException(error: unknown, hint?: Hint): string;
  captureMessage(message: string, level?: Level): string;
  setUser(user: User | null): void;
  setTag(key: string, value: string): void;
  setTags(tags: Record<string, string>): void;
  setContext(name: string, context: Record<string, unknown> | null): void;
  addBreadcrumb(breadcrumb: Breadcrumb): void;
  flush(timeoutMs?: number): Promise<boolean>;
  close(timeoutMs?: number): Promise<boolean>;
  /** events dropped because the queue was full */
  readonly dropped: number;
  /** for integrations: the transport in use */
  readonly transport: Transport;
}
