import { useEffect, useState } from 'preact/hooks';

// The URL is the state: path and query. Links can be shared; back and forward work.
export interface Route {
  path: string;
  query: URLSearchParams;
}

/** The route as it is now: navigate() changes it at once, a render follows later. */
export const routeNow = (): Route => ({
  path: location.pathname,
  query: new URLSearchParams(location.search),
});
const listeners = new Set<() => void>();

export function navigate(to: string, replace = false): void {
  if (to === location.pathname + location.search) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', to);
  listeners.forEach((l) => l());
}

addEventListener('popstate', () => listeners.forEach((l) => l()));

export function useRoute(): Route {
  const [route, setRoute] = useState(routeNow);
  useEffect(() => {
    const update = () => setRoute(routeNow());
    listeners.add(update);
    return () => void listeners.delete(update);
  }, []);
  return route;
}

/** The path with some query parameters changed (undefined/'' removes one). */
export function withQuery(route: Route, changes: Record<string, string | undefined>): string {
  const q = new URLSearchParams(route.query);
  for (const [k, v] of Object.entries(changes)) v ? q.set(k, v) : q.delete(k);
  const s = q.toString();
  return s ? `${route.path}?${s}` : route.path;
}

/** A link that navigates without reloading the page (plain clicks only). */
export function onLink(e: MouseEvent, to: string): void {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(to);
}
