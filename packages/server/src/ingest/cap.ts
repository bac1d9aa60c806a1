// Bounded storage per event. Whatever a client sends (or a source map adds), one stored event stays
// small: source context is a window around the column, context per event has a budget, and an event
// still too large loses its least useful parts first, saying so in `trimmed`.
import type { Frame } from '../grouping/index.js';
import type { StoredEvent } from './event.js';

/** characters of a context line kept around the column (Sentry keeps ~140) */
export const CONTEXT_WINDOW = 150;
/** characters of source context (all lines of all frames) per event */
export const CONTEXT_BUDGET = 32 * 1024;
/** a stored event's approximate JSON size */
export const MAX_EVENT_BYTES = 256 * 1024;
const RAW_STACK_TRIMMED = 4 * 1024;

/** One context line cut to the window around `col` (1-based), "…" marking what was cut. */
export function windowLine(line: string, col: number | null): string {
  if (line.length <= CONTEXT_WINDOW) return line;
  const center = col && col > 0 ? col - 1 : 0;
  const start = Math.max(0, Math.min(center - CONTEXT_WINDOW / 2, line.length - CONTEXT_WINDOW));
  const end = start + CONTEXT_WINDOW;
  return `${start > 0 ? '…' : ''}${line.slice(start, end)}${end < line.length ? '…' : ''}`;
}

/**
 * Windows every context line and spends the event's context budget from the innermost frame
 * outwards (the throw site matters most); frames past the budget keep no context.
 */
export function boundContext(event: StoredEvent): void {
  let budget = CONTEXT_BUDGET;
  const values = event.exception?.values ?? [];
  for (let v = values.length - 1; v >= 0; v--) {
    const frames = values[v]!.stacktrace.frames;
    for (let i = frames.length - 1; i >= 0; i--) budget = boundFrame(frames[i]!, budget);
  }
}

function boundFrame(f: Frame, budget: number): number {
  if (f.context_line === undefined && !f.pre_context && !f.post_context) return budget;
  const col = f.colno;
  const line = f.context_line == null ? f.context_line : windowLine(f.context_line, col);
  const pre = f.pre_context?.map((l) => windowLine(l, col));
  const post = f.post_context?.map((l) => windowLine(l, col));
  const cost = (line?.length ?? 0) + sum(pre) + sum(post);
  if (cost > budget) {
    delete f.context_line;
    delete f.pre_context;
    delete f.post_context;
    return budget;
  }
  if (line !== undefined) f.context_line = line;
  if (pre) f.pre_context = pre;
  if (post) f.post_context = post;
  return budget - cost;
}

const sum = (lines: string[] | undefined) => (lines ?? []).reduce((n, l) => n + l.length, 0);

/**
 * Trims an event larger than MAX_EVENT_BYTES, in order: breadcrumbs, extra, contexts, the request
 * body, raw stack strings, frame context, the request, the user, then all but the innermost frames,
 * then the causes' frames (grouping has already seen them all); each step is recorded in `trimmed`.
 */
export function capEvent(event: StoredEvent): void {
  if (!exceeds(event, MAX_EVENT_BYTES)) return;
  const trimmed: string[] = [];
  const steps: Array<[string, () => boolean]> = [
    ['breadcrumbs', () => event.breadcrumbs.length > 0 && ((event.breadcrumbs = []), true)],
    ['extra', () => event.extra !== null && ((event.extra = null), true)],
    ['contexts', () => event.contexts !== null && ((event.contexts = null), true)],
    ['request.data', () => event.request?.data !== undefined && (delete event.request!.data, true)],
    ['exception.stack', () => trimRawStacks(event)],
    ['frame context', () => dropContext(event)],
    ['request', () => event.request !== null && ((event.request = null), true)],
    ['user', () => event.user !== null && ((event.user = null), true)],
    ['frames', () => keepInnermostFrames(event, 50)],
    ['causes', () => keepThrownOnly(event)],
  ];
  for (const [name, step] of steps) {
    if (step()) trimmed.push(name);
    if (!exceeds(event, MAX_EVENT_BYTES)) break;
  }
  event.trimmed = trimmed;
}

function trimRawStacks(event: StoredEvent): boolean {
  let changed = false;
  for (const ex of event.exception?.values ?? []) {
    if (ex.stack && ex.stack.length > RAW_STACK_TRIMMED) {
      ex.stack = `${ex.stack.slice(0, RAW_STACK_TRIMMED)}\n…`;
      changed = true;
    }
  }
  return changed;
}

function keepInnermostFrames(event: StoredEvent, n: number): boolean {
  let changed = false;
  for (const ex of event.exception?.values ?? []) {
    if (ex.stacktrace.frames.length > n) {
      ex.stacktrace.frames = ex.stacktrace.frames.slice(-n);
      changed = true;
    }
  }
  return changed;
}

function keepThrownOnly(event: StoredEvent): boolean {
  const values = event.exception?.values ?? [];
  if (values.length < 2) return false;
  for (const ex of values.slice(0, -1)) ex.stacktrace.frames = [];
  return true;
}

function dropContext(event: StoredEvent): boolean {
  let changed = false;
  for (const ex of event.exception?.values ?? []) {
    for (const f of ex.stacktrace.frames) {
      if (f.context_line !== undefined || f.pre_context || f.post_context) changed = true;
      delete f.context_line;
      delete f.pre_context;
      delete f.post_context;
    }
  }
  return changed;
}

/** Whether the JSON of `value` is longer than `limit`, counted without building it. */
export function exceeds(value: unknown, limit: number): boolean {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') size += v.length + 2;
    else if (v === null || typeof v !== 'object') size += 8;
    else if (Array.isArray(v)) {
      size += 2 + v.length;
      for (const item of v) stack.push(item);
    } else {
      for (const [k, item] of Object.entries(v)) {
        size += k.length + 4;
        stack.push(item);
      }
    }
    if (size > limit) return true;
  }
  return false;
}
