import type { Breadcrumb, Client, Hint, Level, Scope, User } from './types.js';

// The module-level functions act on the client of the last init(); before init they do nothing.
let current: Client | undefined;

export const setCurrentClient = (client: Client | undefined) => void (current = client);
export const getClient = () => current;

export const captureException = (error: unknown, hint?: Hint): string | undefined =>
  current?.captureException(error, hint);
export const captureMessage = (message: string, level?: Level): string | undefined =>
  current?.captureMessage(message, level);
export const setUser = (user: User | null) => current?.setUser(user);
export const setTag = (key: string, value: string) => current?.setTag(key, value);
export const setTags = (tags: Record<string, string>) => current?.setTags(tags);
export const setContext = (name: string, context: Record<string, unknown> | null) =>
  current?.setContext(name, context);
export const addBreadcrumb = (breadcrumb: Breadcrumb) => current?.addBreadcrumb(breadcrumb);
export const flush = (timeoutMs?: number): Promise<boolean> =>
  current?.flush(timeoutMs) ?? Promise.resolve(true);
export const close = (timeoutMs?: number): Promise<boolean> =>
  current?.close(timeoutMs) ?? Promise.resolve(true);
/** Runs `fn` in a scope of its own (per request in Node servers; see Client.withScope). */
export const withScope = <T>(fn: () => T, init?: Partial<Scope>): T =>
  current ? current.withScope(fn, init) : fn();
