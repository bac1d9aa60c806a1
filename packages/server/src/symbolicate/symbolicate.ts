import type { Frame } from '../grouping/index.js';
import { isInApp } from '../grouping/paths.js';
import type { StoredEvent } from '../ingest/event.js';
import type { Parsed } from './cache.js';
import { enclosingFunction } from './scope.js';
import { originalPath } from './url.js';

const CONTEXT = 5;

export interface Symbolicator {
  /** the parsed map for a frame's file, or null when none is uploaded */
  mapFor(projectId: number, release: string | null, file: string, debugId?: string): Promise<Parsed | null>;
}

/** Files the event names in debug_meta (Sentry SDKs: debug ids of the bundles). */
export type DebugIds = Map<string, string>;

/**
 * Maps every minified frame that has a map to its original file, line, column, function and source
 * context; the minified frame is kept under `minified`. A map that cannot be read leaves its frames
 * as they were and records a processing error on the event: ingest never fails for it.
 */
export async function symbolicateEvent(
  projectId: number,
  event: StoredEvent,
  s: Symbolicator,
  debugIds: DebugIds,
): Promise<void> {
  const values = event.exception?.values ?? [];
  for (const value of values) {
    const frames = value.stacktrace.frames;
    for (let i = 0; i < frames.length; i++) {
      const frame = frames[i]!;
      const file = frame.abs_path ?? frame.filename;
      if (!file || frame.lineno === null || frame.colno === null || !/\.[cm]?js(?:$|[?#])/.test(file))
        continue;
      try {
        const parsed = await s.mapFor(projectId, event.release, file, debugIds.get(file));
        const mapped = parsed && mapFrame(frame, parsed);
        if (mapped) frames[i] = mapped;
      } catch (err) {
        const message = `the source map could not be used: ${(err as Error).message}`;
        (event.processing_errors ??= []).push({ type: 'sourcemap', file, message });
      }
    }
  }
}

function mapFrame(frame: Frame, parsed: Parsed): Frame | null {
  const pos = parsed.consumer.originalPositionFor({
    line: frame.lineno!,
    column: Math.max(0, frame.colno! - 1),
  });
  if (!pos.source || pos.line === null) return null;
  const lines = parsed.lines.get(pos.source);
  const path = originalPath(pos.source);
  const mapped: Frame = {
    filename: path,
    abs_path: path,
    function: (lines && enclosingFunction(lines, pos.line)) ?? pos.name ?? frame.function,
    lineno: pos.line,
    colno: (pos.column ?? 0) + 1,
    in_app: isInApp(path) && !path.startsWith('(webpack)') && !path.startsWith('webpack/'),
    minified: {
      filename: frame.filename,
      abs_path: frame.abs_path,
      function: frame.function,
      lineno: frame.lineno,
      colno: frame.colno,
    },
  };
  if (lines) {
    mapped.context_line = lines[pos.line - 1] ?? null;
    mapped.pre_context = lines.slice(Math.max(0, pos.line - 1 - CONTEXT), pos.line - 1);
    mapped.post_context = lines.slice(pos.line, pos.line + CONTEXT);
  }
  return mapped;
}
