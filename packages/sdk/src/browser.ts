// The browser entry (also Deno, Bun and Workers): no Node imports. import { init, captureException }.
import { setCurrentClient } from './api.js';
import { breadcrumbsIntegration } from './breadcrumbs.js';
import { createClient } from './client.js';
import { eventsUrl, parseDsn } from './dsn.js';
import type { Client, Integration, Options } from './types.js';

export * from './api.js';
export type * from './types.js';

/** window errors and unhandled rejections; the queue goes out as a beacon when the page is hidden. */
const globalHandlers: Integration = {
  name: 'globalHandlers',
  setup(client) {
    const w = globalThis as unknown as Window;
    if (typeof w.addEventListener !== 'function') return;
    w.addEventListener('error', (e) =>
      client.captureException(e.error ?? e.message, { mechanism: { type: 'onerror', handled: false } }),
    );
    w.addEventListener('unhandledrejection', (e) =>
      client.captureException(e.reason, { mechanism: { type: 'onunhandledrejection', handled: false } }),
    );
    w.addEventListener('pagehide', () => client.transport.unload?.());
  },
  processEvent(event) {
    const l = globalThis.location;
    if (l && !event.request)
      event.request = { url: l.href, headers: { 'User-Agent': globalThis.navigator?.userAgent } };
    return event;
  },
};

export function init(options: Options): Client {
  const dsn = parseDsn(options.dsn);
  const integrations = [...(options.integrations ?? [])];
  if (options.autoCapture !== false) integrations.push(globalHandlers);
  if (options.breadcrumbs !== false && dsn) integrations.push(breadcrumbsIntegration(eventsUrl(dsn)));
  const client = createClient({ ...options, integrations }, 'javascript');
  setCurrentClient(client);
  return client;
}
