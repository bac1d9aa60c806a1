import type { Client, Integration, Level } from './types.js';

const LEVELS: Record<string, Level> = {
  debug: 'debug',
  info: 'info',
  log: 'info',
  warn: 'warning',
  error: 'error',
};

/** console.* calls and fetch requests become breadcrumbs (the SDK's own requests excepted). */
export function breadcrumbsIntegration(ingestUrl: string): Integration {
  return {
    name: 'breadcrumbs',
    setup(client: Client) {
      const con = globalThis.console as unknown as Record<string, (...args: unknown[]) => void>;
      for (const method of Object.keys(LEVELS)) {
        const original = con[method];
        if (typeof original !== 'function') continue;
        con[method] = function (...args: unknown[]) {
          client.addBreadcrumb({
            category: 'console',
            level: LEVELS[method],
            message: args.map(String).join(' ').slice(0, 1000),
          });
          return original.apply(this, args);
        };
      }
      const fetchFn = globalThis.fetch;
      if (typeof fetchFn !== 'function') return;
      globalThis.fetch = async function (input: RequestInfo | URL, init?: RequestInit) {
        const url = String(input instanceof Request ? input.url : input);
        const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
        const crumb = (data: Record<string, unknown>, level?: Level) =>
          url.startsWith(ingestUrl) ||
          client.addBreadcrumb({ type: 'http', category: 'fetch', level, data: { method, url, ...data } });
        try {
          const res = await fetchFn(input, init);
          crumb({ status_code: res.status }, res.status >= 400 ? 'warning' : undefined);
          return res;
        } catch (err) {
          crumb({ error: String(err) }, 'error');
          throw err;
        }
      } as typeof fetch;
    },
  };
}
