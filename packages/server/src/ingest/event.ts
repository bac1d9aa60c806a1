import type { Frame } from '../grouping/index.js';

export const LEVELS = ['fatal', 'error', 'warning', 'info', 'debug'] as const;
export type Level = (typeof LEVELS)[number];

export interface ExceptionValue {
  type: string;
  value: string;
  /** the raw error.stack as sent, kept beside the parsed frames */
  stack: string | null;
  stacktrace: { frames: Frame[] };
  mechanism: Record<string, unknown> | null;
}

export interface Breadcrumb {
  timestamp: string | null;
  type: string | null;
  category: string | null;
  message: string | null;
  level: string | null;
  data: Record<string, unknown> | null;
}

/** One event after validation, in the shape it is stored and returned (Sentry's field names). */
export interface StoredEvent {
  event_id: string;
  timestamp: string;
  received_at: string;
  level: Level;
  platform: string | null;
  release: string | null;
  environment: string | null;
  server_name: string | null;
  logger: string | null;
  transaction: string | null;
  message: string | null;
  /** Sentry's logentry.message: the format string before interpolation */
  message_format: string | null;
  exception: { values: ExceptionValue[] } | null;
  fingerprint: string[] | null;
  tags: Record<string, string>;
  user: Record<string, unknown> | null;
  contexts: Record<string, unknown> | null;
  extra: Record<string, unknown> | null;
  request: Record<string, unknown> | null;
  breadcrumbs: Breadcrumb[];
  sdk: Record<string, unknown> | null;
  /** Sentry's debug_meta: debug ids of the minified files, for finding their source maps */
  debug_meta?: { images: Array<{ type: string; code_file: string; debug_id: string }> } | null;
  /** what could not be done to the event (a source map that would not parse…), kept with it */
  processing_errors?: Array<{ type: string; file?: string; message: string }>;
  /** parts removed to keep the stored event within its size (ingest/cap.ts), largest-first order */
  trimmed?: string[];
}
