import { parse } from 'stacktrace-parser';
import { isInApp } from './paths.js';
import type { Frame } from './types.js';

const V8_FRAME = /^\s*at\s/;

/**
 * Parses a raw `error.stack` from V8, SpiderMonkey or JavaScriptCore into frames, oldest first (Sentry's
 * order). The header line of V8 stacks ("TypeError: msg") is skipped so that a message ending in
 * "host:8080" is never read as a frame.
 */
export function parseStack(stack: string): Frame[] {
  const lines = stack.split('\n');
  const frameLines = lines.some((l) => V8_FRAME.test(l)) ? lines.filter((l) => V8_FRAME.test(l)) : lines;
  const frames: Frame[] = [];
  for (const parsed of parse(frameLines.join('\n'))) {
    const file = parsed.file && parsed.file !== '<anonymous>' ? parsed.file : null;
    const fn = parsed.methodName && parsed.methodName !== '<unknown>' ? parsed.methodName : null;
    frames.push({
      filename: file,
      abs_path: file,
      function: fn,
      lineno: parsed.lineNumber ?? null,
      colno: parsed.column ?? null,
      in_app: file !== null && isInApp(file),
    });
  }
  return frames.reverse();
}
