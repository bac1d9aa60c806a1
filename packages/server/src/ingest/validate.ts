import { randomUUID } from 'node:crypto';
import { isInApp as isInAppPath, parseStack, type Frame } from '../grouping/index.js';
import {
  FieldError,
  isObj,
  optArray,
  optNumber,
  optObject,
  optString,
  optStringArray,
  type Obj,
} from './fields.js';
import { LEVELS, type Breadcrumb, type ExceptionValue, type Level, type StoredEvent } from './event.js';
import { cleanBag, cleanString } from './sanitize.js';
import { isStorableTime } from '../http/time.js';

const MAX_EXCEPTIONS = 10;
const MAX_FRAMES = 250;
/** frames of all exceptions of one event: a chain of 10 × 250 frames is an attack, not a bug report */
const MAX_EVENT_FRAMES = 500;
const MAX_BREADCRUMBS = 100;
const MAX_TAGS = 50;
const MESSAGE_MAX = 8192;
const STACK_MAX = 65_536;
/** characters of raw `stack` text stored per event, the thrown error's first */
const RAW_STACKS_STORED = 32_768;

/** Validates one event object as the native ingest endpoint takes it (api.md). Throws FieldError. */
export function validateEvent(raw: unknown, receivedAt: Date): StoredEvent {
  if (!isObj(raw)) throw new FieldError('event', 'must be a JSON object');
  const exception = readExceptions(raw.exception);
  const { message, format } = readMessage(raw);
  if (!exception && message === null) {
    throw new FieldError('event', 'needs a message or an exception (exception.values)');
  }
  const release = optString(raw, 'release', 'release', 250);
  if (release !== null && (release.trim() === '' || /[\n\r\t]/.test(release))) {
    throw new FieldError('release', 'must be a non-empty single-line string');
  }
  return {
    event_id: readEventId(raw.event_id),
    timestamp: readTimestamp(raw.timestamp, receivedAt).toISOString(),
    received_at: receivedAt.toISOString(),
    level: readLevel(raw.level),
    platform: optString(raw, 'platform', 'platform', 64),
    release,
    environment: optString(raw, 'environment', 'environment', 64) || null,
    server_name: optString(raw, 'server_name', 'server_name', 256),
    logger: optString(raw, 'logger', 'logger', 128),
    transaction: optString(raw, 'transaction', 'transaction', 512),
    message,
    message_format: format,
    exception,
    fingerprint: optStringArray(raw.fingerprint, 'fingerprint', 20, 512),
    tags: readTags(raw.tags),
    user: optObject(raw, 'user', 'user'),
    contexts: optObject(raw, 'contexts', 'contexts'),
    extra: optObject(raw, 'extra', 'extra'),
    request: optObject(raw, 'request', 'request'),
    breadcrumbs: readBreadcrumbs(raw.breadcrumbs),
    sdk: optObject(raw, 'sdk', 'sdk'),
    debug_meta: readDebugMeta(raw.debug_meta),
  };
}

function readDebugMeta(v: unknown): StoredEvent['debug_meta'] {
  if (!isObj(v) || !Array.isArray(v.images)) return null;
  const images = v.images.slice(0, 100).flatMap((img) =>
    isObj(img) && typeof img.code_file === 'string' && typeof img.debug_id === 'string'
      ? [
          {
            type: typeof img.type === 'string' ? cleanString(img.type, 32) : 'sourcemap',
            code_file: cleanString(img.code_file, 1024),
            debug_id: cleanString(img.debug_id, 64),
          },
        ]
      : [],
  );
  return images.length ? { images } : null;
}

function readEventId(v: unknown): string {
  if (v === undefined || v === null || v === '') return randomUUID().replace(/-/g, '');
  if (typeof v !== 'string')
    throw new FieldError('event_id', 'must be a string of 32 hex characters or a UUID');
  const id = v.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(id)) throw new FieldError('event_id', 'must be 32 hex characters or a UUID');
  return id;
}

// Client clocks drift: a timestamp far in the future or older than 30 days is replaced by the time
// of arrival, so one broken clock cannot reorder an issue's history.
function readTimestamp(v: unknown, receivedAt: Date): Date {
  if (v === undefined || v === null) return receivedAt;
  let t: number;
  if (typeof v === 'number' && Number.isFinite(v)) t = v * 1000;
  else if (typeof v === 'string' && v.length <= 64)
    t = /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v);
  else throw new FieldError('timestamp', 'must be an ISO-8601 string or epoch seconds');
  if (Number.isNaN(t)) throw new FieldError('timestamp', 'must be an ISO-8601 string or epoch seconds');
  const now = receivedAt.getTime();
  if (t > now + 60_000 || t < now - 30 * 86_400_000) return receivedAt;
  return new Date(t);
}

function readLevel(v: unknown): Level {
  if (v === undefined || v === null) return 'error';
  // Sentry's "log" and the common "warn"/"critical" map onto the five levels
  const level = v === 'warn' ? 'warning' : v === 'critical' ? 'fatal' : v === 'log' ? 'info' : v;
  if (typeof level !== 'string' || !(LEVELS as readonly string[]).includes(level)) {
    throw new FieldError('level', `must be one of ${LEVELS.join(', ')}`);
  }
  return level as Level;
}

function readMessage(raw: Obj): { message: string | null; format: string | null } {
  const entry = raw.logentry ?? (isObj(raw.message) ? raw.message : undefined);
  if (entry !== undefined && entry !== null) {
    if (!isObj(entry)) throw new FieldError('logentry', 'must be an object');
    const formatted = optString(entry, 'formatted', 'logentry.formatted', MESSAGE_MAX);
    const format = optString(entry, 'message', 'logentry.message', MESSAGE_MAX);
    const hasParams = Array.isArray(entry.params) ? entry.params.length > 0 : isObj(entry.params);
    const message = formatted ?? format;
    if (message !== null) return { message, format: hasParams || formatted ? format : null };
  }
  if (isObj(raw.message)) return { message: null, format: null };
  return { message: optString(raw, 'message', 'message', MESSAGE_MAX), format: null };
}

function readExceptions(v: unknown): { values: ExceptionValue[] } | null {
  if (v === undefined || v === null) return null;
  const list = Array.isArray(v) ? v : isObj(v) ? v.values : undefined;
  if (list === undefined || list === null) return null;
  if (!Array.isArray(list)) throw new FieldError('exception.values', 'must be an array');
  if (list.length === 0) return null;
  // keep the thrown error (last) and its nearest causes; frames go to the thrown error first
  const kept = list.slice(-MAX_EXCEPTIONS);
  const values: ExceptionValue[] = new Array(kept.length);
  let frameBudget = MAX_EVENT_FRAMES;
  let rawBudget = RAW_STACKS_STORED;
  for (let i = kept.length - 1; i >= 0; i--) {
    const value = readException(kept[i], `exception.values[${i}]`, Math.min(MAX_FRAMES, frameBudget));
    frameBudget -= value.stacktrace.frames.length;
    // the raw text is kept for reading only (the frames hold what matters): a bounded share of it
    if (value.stack && value.stack.length > rawBudget) value.stack = cutAtLine(value.stack, rawBudget);
    rawBudget = Math.max(0, rawBudget - (value.stack?.length ?? 0));
    values[i] = value;
  }
  return { values };
}

function cutAtLine(text: string, max: number): string | null {
  if (max < 64) return null;
  const cut = text.lastIndexOf('\n', max - 2);
  return `${text.slice(0, cut > 0 ? cut : max - 2)}\n…`;
}

function readException(v: unknown, field: string, maxFrames: number): ExceptionValue {
  if (!isObj(v)) throw new FieldError(field, 'must be an object');
  const type = optString(v, 'type', `${field}.type`, 256) ?? '';
  const value = optString(v, 'value', `${field}.value`, MESSAGE_MAX) ?? '';
  const stack = optString(v, 'stack', `${field}.stack`, STACK_MAX);
  let frames: Frame[] = [];
  if (v.stacktrace !== undefined && v.stacktrace !== null) {
    if (!isObj(v.stacktrace)) throw new FieldError(`${field}.stacktrace`, 'must be an object');
    const list = optArray(v.stacktrace, 'frames', `${field}.stacktrace.frames`) ?? [];
    frames =
      maxFrames > 0
        ? list.slice(-maxFrames).map((f, i) => readFrame(f, `${field}.stacktrace.frames[${i}]`))
        : [];
  } else if (stack && maxFrames > 0) {
    frames = parseStack(stack).slice(-maxFrames);
  }
  if (!type && !value && !frames.length) throw new FieldError(field, 'needs a type, a value or a stack');
  return {
    type,
    value,
    stack,
    stacktrace: { frames },
    mechanism: optObject(v, 'mechanism', `${field}.mechanism`),
  };
}

function readFrame(v: unknown, field: string): Frame {
  if (!isObj(v)) throw new FieldError(field, 'must be an object');
  const filename = optString(v, 'filename', `${field}.filename`, 1024);
  const absPath = optString(v, 'abs_path', `${field}.abs_path`, 1024);
  const file = absPath ?? filename;
  const inApp = v.in_app;
  if (inApp !== undefined && inApp !== null && typeof inApp !== 'boolean') {
    throw new FieldError(`${field}.in_app`, 'must be a boolean');
  }
  const frame: Frame = {
    filename: filename ?? absPath,
    abs_path: absPath ?? filename,
    function: optString(v, 'function', `${field}.function`, 512),
    module: optString(v, 'module', `${field}.module`, 512),
    lineno: optNumber(v, 'lineno', `${field}.lineno`),
    colno: optNumber(v, 'colno', `${field}.colno`),
    in_app: typeof inApp === 'boolean' ? inApp : file !== null && isInAppPath(file),
  };
  const context = optString(v, 'context_line', `${field}.context_line`, 1024);
  if (context !== null) frame.context_line = context;
  const pre = optStringArray(v.pre_context, `${field}.pre_context`, 50, 1024);
  const post = optStringArray(v.post_context, `${field}.post_context`, 50, 1024);
  if (pre) frame.pre_context = pre;
  if (post) frame.post_context = post;
  return frame;
}

function readTags(v: unknown): Record<string, string> {
  if (v === undefined || v === null) return {};
  const entries = Array.isArray(v) ? v : isObj(v) ? Object.entries(v) : null;
  if (!entries) throw new FieldError('tags', 'must be an object of strings');
  const tags: Record<string, string> = {};
  for (const entry of entries.slice(0, MAX_TAGS)) {
    if (!Array.isArray(entry) || entry.length !== 2)
      throw new FieldError('tags', 'must be an object of strings');
    const [k, val] = entry as [unknown, unknown];
    if (typeof k !== 'string') throw new FieldError('tags', 'keys must be strings');
    if (val === null || val === undefined) continue;
    if (typeof val === 'object') throw new FieldError(`tags.${cleanString(k, 32)}`, 'must be a string');
    tags[cleanString(k, 32)] = cleanString(String(val), 200);
  }
  return tags;
}

function readBreadcrumbs(v: unknown): Breadcrumb[] {
  if (v === undefined || v === null) return [];
  const list = isObj(v) ? v.values : v;
  if (!Array.isArray(list)) throw new FieldError('breadcrumbs', 'must be an array');
  return list.slice(-MAX_BREADCRUMBS).flatMap((b): Breadcrumb[] => {
    if (!isObj(b)) return []; // a malformed crumb is not worth losing the event for
    const ts = b.timestamp;
    return [
      {
        timestamp:
          typeof ts === 'number'
            ? isStorableTime(ts * 1000)
              ? new Date(ts * 1000).toISOString()
              : null
            : typeof ts === 'string'
              ? cleanString(ts, 64)
              : null,
        type: typeof b.type === 'string' ? cleanString(b.type, 64) : null,
        category: typeof b.category === 'string' ? cleanString(b.category, 128) : null,
        message: typeof b.message === 'string' ? cleanString(b.message, 1024) : null,
        level: typeof b.level === 'string' ? cleanString(b.level, 16) : null,
        data: isObj(b.data) ? (cleanBag(b.data) as Record<string, unknown>) : null,
      },
    ];
  });
}
