import { badRequest } from '../http/errors.js';

export interface EnvelopeItem {
  type: string;
  headers: Record<string, unknown>;
  payload: Buffer;
}

export interface Envelope {
  header: Record<string, unknown>;
  items: EnvelopeItem[];
}

const NEWLINE = 0x0a;

// Item types Sentry SDKs send (develop.sentry.dev, envelope items); anything else is "other", so a
// client cannot mint new metric series by inventing types.
const KNOWN_TYPES = new Set([
  'event',
  'transaction',
  'attachment',
  'session',
  'sessions',
  'client_report',
  'user_report',
  'feedback',
  'profile',
  'profile_chunk',
  'replay_event',
  'replay_recording',
  'replay_video',
  'check_in',
  'statsd',
  'metric_meta',
  'span',
  'log',
  'otel_log',
  'raw_security',
]);

export const itemTypeLabel = (type: string): string => (KNOWN_TYPES.has(type) ? type : 'other');

/** The envelope header alone (the first line), for its DSN; an unreadable one is an empty object. */
export function envelopeHeader(line: Buffer): Record<string, unknown> {
  try {
    return jsonLine(line, 'envelope header');
  } catch {
    return {};
  }
}
const MAX_ITEMS = 100;

function jsonLine(buf: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(buf.toString('utf8'));
  } catch {
    throw badRequest(`malformed envelope: the ${what} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(`malformed envelope: the ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/**
 * Sentry's envelope: a JSON header line, then items, each a JSON header line and a payload. A payload
 * of known `length` is that many bytes (attachments may hold newlines); without it, it runs to the
 * next newline. Everything is checked against the buffer's end: a truncated envelope is a 400.
 */
export function parseEnvelope(buf: Buffer): Envelope {
  let offset = 0;
  const line = (): Buffer => {
    const end = buf.indexOf(NEWLINE, offset);
    const stop = end === -1 ? buf.length : end;
    const out = buf.subarray(offset, stop);
    offset = end === -1 ? buf.length : end + 1;
    return out;
  };
  const header = jsonLine(line(), 'envelope header');
  const items: EnvelopeItem[] = [];
  while (offset < buf.length) {
    const raw = line();
    if (!raw.toString('utf8').trim()) continue; // blank lines between or after items
    if (items.length >= MAX_ITEMS) throw badRequest(`malformed envelope: more than ${MAX_ITEMS} items`);
    const headers = jsonLine(raw, `header of item ${items.length + 1}`);
    if (typeof headers.type !== 'string' || !headers.type) {
      throw badRequest(`malformed envelope: item ${items.length + 1} has no type`);
    }
    let payload: Buffer;
    if (headers.length !== undefined && headers.length !== null) {
      const length = headers.length;
      if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
        throw badRequest(`malformed envelope: item ${items.length + 1} has an invalid length`);
      }
      if (offset + length > buf.length) {
        throw badRequest(
          `malformed envelope: item ${items.length + 1} is shorter than its length (${length} bytes)`,
        );
      }
      payload = buf.subarray(offset, offset + length);
      offset += length;
      if (buf[offset] === NEWLINE) offset++;
    } else {
      payload = line();
    }
    items.push({ type: headers.type, headers, payload });
  }
  return { header, items };
}
