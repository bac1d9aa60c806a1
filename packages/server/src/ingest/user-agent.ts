import Bowser from 'bowser';
import type { StoredEvent as Event } from './event.js';

type Parsed = { tags: Record<string, string>; contexts: Record<string, Record<string, string>> };

// Most events of an app come from a few hundred User-Agents: parse each once. Cleared when full, so
// a client sending a new one with every event costs a parse, never memory.
const cache = new Map<string, Parsed>();
const CACHE_SIZE = 1000;
const MAX_UA = 512;

/** The User-Agent header of the event's request; headers may be an object or [name, value] pairs. */
function userAgentOf(event: Event): string | null {
  const headers = event.request?.headers;
  const entries: unknown[] = Array.isArray(headers)
    ? headers
    : headers && typeof headers === 'object'
      ? Object.entries(headers)
      : [];
  for (const pair of entries) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') continue;
    if (pair[0].toLowerCase() === 'user-agent') return pair[1].slice(0, MAX_UA);
  }
  return null;
}

function parse(ua: string): Parsed {
  const { browser, os, platform } = Bowser.parse(ua);
  const tags: Record<string, string> = {};
  const contexts: Parsed['contexts'] = {};
  if (browser.name) {
    const major = browser.version?.split('.')[0];
    tags.browser = major ? `${browser.name} ${major}` : browser.name;
    tags['browser.name'] = browser.name;
    contexts.browser = { name: browser.name, ...(browser.version ? { version: browser.version } : {}) };
  }
  if (os.name) {
    const version = os.versionName ?? os.version;
    tags.os = version ? `${os.name} ${version}` : os.name;
    tags['os.name'] = os.name;
    contexts.os = { name: os.name, ...(version ? { version } : {}) };
  }
  const device = platform.model ?? platform.type;
  if (device) {
    tags.device = device;
    contexts.device = {
      ...(platform.type ? { family: platform.type } : {}),
      ...(platform.model ? { model: platform.model } : {}),
      ...(platform.vendor ? { brand: platform.vendor } : {}),
    };
  }
  return { tags, contexts };
}

/**
 * Browser, OS and device from the request's User-Agent, as tags (counted per issue, searchable) and
 * as contexts, as Sentry does. What the SDK sent itself wins: only missing tags and contexts are added.
 */
export function tagUserAgent(event: Event): void {
  const ua = userAgentOf(event);
  if (!ua) return;
  let parsed = cache.get(ua);
  if (!parsed) {
    if (cache.size >= CACHE_SIZE) cache.clear();
    parsed = parse(ua);
    cache.set(ua, parsed);
  }
  for (const [key, value] of Object.entries(parsed.tags)) event.tags[key] ??= value;
  const names = Object.keys(parsed.contexts);
  if (!names.length) return;
  const contexts = (event.contexts ??= {});
  for (const name of names) contexts[name] ??= { ...parsed.contexts[name] };
}
