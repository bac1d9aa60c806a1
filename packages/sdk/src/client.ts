import { eventsUrl, parseDsn } from './dsn.js';
import { exceptionValues } from './exceptions.js';
import { createTransport } from './transport.js';
import type { Client, FaultlineEvent, Hint, Level, Options, Scope, ScopeStore, Transport } from './types.js';

export const SDK = { name: 'faultline.js', version: '0.1.0' };

function eventId(): string {
  const bytes = new Uint8Array(16);
  // crypto.randomUUID exists only in secure contexts; getRandomValues everywhere that matters
  const c = globalThis.crypto as Crypto | undefined;
  if (c) c.getRandomValues(bytes);
  else bytes.forEach((_, i) => (bytes[i] = Math.random() * 256));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const newScope = (init?: Partial<Scope>): Scope => ({ tags: {}, contexts: {}, breadcrumbs: [], ...init });

/**
 * One client: scopes (user, tags, contexts, breadcrumbs), sampling, beforeSend and a transport.
 * Setters write to the current scope (a request's, when a ScopeStore runs one) or the global one;
 * an event gets the global scope overlaid with the current one.
 * Every public method catches its own errors: the SDK must never throw into the app it watches.
 */
export function createClient(options: Options, platform: string, store?: ScopeStore): Client {
  const log = (message: string, detail?: unknown) => {
    if (options.debug) console.warn(`[faultline] ${message}`, detail ?? '');
  };
  const dsn = parseDsn(options.dsn);
  if (!dsn) log('invalid DSN, the SDK is disabled');
  const enabled = options.enabled !== false && dsn !== null;
  const fetchFn = options.fetch ?? globalThis.fetch?.bind(globalThis);
  const transport: Transport & { dropped?: number } =
    options.transport ??
    createTransport({
      url: dsn ? eventsUrl(dsn) : '',
      publicKey: dsn?.publicKey ?? '',
      fetch: fetchFn,
      maxQueue: options.maxQueue,
      log,
    });
  const maxBreadcrumbs = options.maxBreadcrumbs ?? 100;
  const global = newScope();
  const scope = () => store?.current() ?? global;
  const integrations = options.integrations ?? [];

  function capture(partial: Partial<FaultlineEvent>, hint: Hint): string {
    const id = eventId();
    try {
      if (!enabled || Math.random() >= (options.sampleRate ?? 1)) return id;
      const local = scope();
      const crumbs =
        local === global
          ? global.breadcrumbs.slice()
          : [...global.breadcrumbs, ...local.breadcrumbs]
              .sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0))
              .slice(-maxBreadcrumbs);
      let event: FaultlineEvent | null = {
        event_id: id,
        timestamp: Date.now() / 1000,
        platform,
        level: hint.level ?? 'error',
        release: options.release,
        environment: options.environment,
        tags: { ...global.tags, ...local.tags, ...hint.tags },
        user: hint.user ?? local.user ?? global.user,
        contexts: { ...global.contexts, ...local.contexts },
        extra: hint.extra,
        fingerprint: hint.fingerprint,
        request: hint.request ?? local.request,
        breadcrumbs: crumbs,
        sdk: SDK,
        ...partial,
      };
      for (const i of integrations) if (event && i.processEvent) event = i.processEvent(event);
      if (event && options.beforeSend) event = options.beforeSend(event, hint);
      if (event) transport.send(event);
      else log('event dropped by beforeSend or an integration');
    } catch (err) {
      log('could not capture', err);
    }
    return id;
  }

  const safe = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      log('SDK error', err);
    }
  };

  const client: Client = {
    options,
    transport,
    get dropped() {
      return transport.dropped ?? 0;
    },
    captureException: (error, hint = {}) =>
      capture(
        {
          exception: { values: exceptionValues(error, hint.mechanism ?? { type: 'generic', handled: true }) },
        },
        hint,
      ),
    captureMessage: (message, level: Level = 'info') => capture({ message: String(message) }, { level }),
    withScope: (fn, init) => (store ? store.run(newScope(init), fn) : fn()),
    setUser: (user) => safe(() => (scope().user = user ?? undefined)),
    setTag: (key, value) => safe(() => (scope().tags[key] = String(value))),
    setTags: (tags) => safe(() => Object.assign(scope().tags, tags)),
    setContext: (name, context) =>
      safe(() => (context ? (scope().contexts[name] = context) : delete scope().contexts[name])),
    addBreadcrumb: (crumb) =>
      safe(() => {
        const { breadcrumbs } = scope();
        breadcrumbs.push({ timestamp: Date.now() / 1000, ...crumb });
        if (breadcrumbs.length > maxBreadcrumbs) breadcrumbs.shift();
      }),
    flush: (timeoutMs) => transport.flush(timeoutMs).catch(() => false),
    close: (timeoutMs) => {
      for (const i of integrations) safe(() => i.teardown?.());
      return transport.flush(timeoutMs).catch(() => false);
    },
  };
  if (enabled) for (const i of integrations) safe(() => i.setup?.(client));
  return client;
}
