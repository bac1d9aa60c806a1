// The Node entry: the browser API plus process handlers, host context and markDeploy.
import { AsyncLocalStorage } from 'node:async_hooks';
import { hostname, platform, release as osRelease } from 'node:os';
import { getClient, setCurrentClient } from './api.js';
import { breadcrumbsIntegration } from './breadcrumbs.js';
import { createClient } from './client.js';
import { deployTarget, postDeploy, type DeployInput } from './deploy.js';
import { eventsUrl, parseDsn } from './dsn.js';
import type { Client, Integration, Options, Scope, ScopeStore } from './types.js';

export * from './api.js';
export type * from './types.js';
export { DeployError, type DeployInput } from './deploy.js';

const FLUSH_BEFORE_EXIT_MS = 2000;

const nodeContext: Integration = {
  name: 'nodeContext',
  processEvent(event) {
    event.server_name ??= hostname();
    event.contexts = {
      runtime: { name: 'node', version: process.version },
      os: { name: platform(), version: osRelease() },
      ...event.contexts,
    };
    return event;
  },
};

/**
 * Uncaught exceptions and unhandled rejections are captured. When ours is the only handler, the
 * process then ends as Node would have ended it (the error printed, exit code 1), after the event
 * is sent; when the app has handlers of its own, they decide. Queued events go out on beforeExit.
 */
function processHandlers(): Integration {
  let off = () => {};
  return {
    name: 'processHandlers',
    teardown: () => off(),
    setup(client) {
      const die = (err: unknown) => {
        void client.flush(FLUSH_BEFORE_EXIT_MS).finally(() => {
          console.error(err instanceof Error ? err.stack : `Uncaught ${String(err)}`);
          process.exit(1);
        });
      };
      const onUncaught = (err: Error) => {
        client.captureException(err, {
          level: 'fatal',
          mechanism: { type: 'onuncaughtexception', handled: false },
        });
        if (process.listenerCount('uncaughtException') === 1) die(err);
      };
      const onRejection = (reason: unknown) => {
        client.captureException(reason, {
          level: 'fatal',
          mechanism: { type: 'onunhandledrejection', handled: false },
        });
        const mode = process.execArgv.find((a) => a.startsWith('--unhandled-rejections'));
        if (process.listenerCount('unhandledRejection') === 1 && (!mode || /=(throw|strict)$/.test(mode)))
          die(reason);
      };
      const onBeforeExit = () => void client.flush(FLUSH_BEFORE_EXIT_MS);
      process.on('uncaughtException', onUncaught);
      process.on('unhandledRejection', onRejection);
      process.on('beforeExit', onBeforeExit);
      off = () => {
        process.off('uncaughtException', onUncaught);
        process.off('unhandledRejection', onRejection);
        process.off('beforeExit', onBeforeExit);
      };
    },
  };
}

// One store for the process: a request's scope follows everything the request starts, so what one
// request records never shows up in another's events.
const storage = new AsyncLocalStorage<Scope>();
const scopes: ScopeStore = { current: () => storage.getStore(), run: (scope, fn) => storage.run(scope, fn) };

export function init(options: Options): Client {
  const dsn = parseDsn(options.dsn);
  const integrations = [nodeContext, ...(options.integrations ?? [])];
  if (options.autoCapture !== false) integrations.push(processHandlers());
  if (options.breadcrumbs !== false && dsn) integrations.push(breadcrumbsIntegration(eventsUrl(dsn)));
  // a second init() replaces the first client: its process handlers go, or the process would no
  // longer exit on an uncaught error (Node exits only when ours is the only handler)
  void getClient()?.close(0);
  const client = createClient({ ...options, integrations }, 'node', scopes);
  setCurrentClient(client);
  return client;
}

/**
 * Records a deploy marker. Needs an API token (option or FAULTLINE_TOKEN); the server and project
 * come from the options, FAULTLINE_URL / FAULTLINE_PROJECT, or the DSN of init(). Resolves to the
 * deploy, or null when it could not be recorded (the reason is logged with debug: true).
 */
export async function markDeploy(
  deploy: DeployInput & { token?: string; serverUrl?: string; projectId?: string },
): Promise<Record<string, unknown> | null> {
  const { token, serverUrl, projectId, ...input } = deploy;
  const client = getClient();
  try {
    const target = deployTarget(process.env, {
      token,
      url: serverUrl,
      project: projectId,
      dsn: client?.options.dsn,
    });
    return await postDeploy({ ...target, fetch: client?.options.fetch }, input);
  } catch (err) {
    if (client?.options.debug) console.warn('[faultline] markDeploy failed:', (err as Error).message);
    return null;
  }
}
