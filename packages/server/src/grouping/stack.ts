import { isInApp } from './paths.js';
import type { Frame } from './types.js';

/**
 * How much of a stack is looked at. Only the newest frames are kept (validate.ts), and a real
 * frame line is well under a kilobyte (a long URL with a query string included): more is hostile.
 */
export const STACK_LIMITS = { lines: 300, lineLength: 2048, file: 1024, function: 512 };

// Where a V8 frame's location can start, in Chrome's form "at fn (location)" (stacktrace-parser's list)
const KNOWN_LOCATION =
  /^(?:file|https?|blob|chrome-extension|native|eval|webpack|rsc|<anonymous>|\/|[a-z]:\\|\\\\)/i;
// Where a Firefox frame's location can start, after "fn@"
const GECKO_LOCATION = /^(?:file|https?|blob|chrome|webpack|rsc|resource|\[native)/i;

/**
 * Parses a raw `error.stack` from V8, SpiderMonkey or JavaScriptCore into frames, oldest first (Sentry's
 * order). The header line of V8 stacks ("TypeError: msg") is skipped so that a message ending in
 * "host:8080" is never read as a frame.
 *
 * Hand-written rather than stacktrace-parser because that library's regexes backtrack: on a line like
 * `at f ((((…` or one with a long run of spaces they are quadratic to cubic in the line's length, and a
 * 60 KB stack held the event loop for seconds. Every step here is a scan with indexOf/charCodeAt, so the
 * cost is linear in the bytes looked at, and those are capped by STACK_LIMITS. On real stacks it gives
 * stacktrace-parser's results (stack.test.ts compares the two over the grouping fixture).
 */
export function parseStack(stack: string): Frame[] {
  const lines = firstLines(stack, STACK_LIMITS.lines * 2);
  const v8 = lines.some(isV8Line);
  const frames: Frame[] = [];
  for (const raw of lines) {
    if (frames.length >= STACK_LIMITS.lines) break;
    const line = raw.length > STACK_LIMITS.lineLength ? raw.slice(0, STACK_LIMITS.lineLength) : raw;
    const parsed = v8 ? (isV8Line(line) ? parseV8(line) : null) : parseGecko(line);
    if (!parsed) continue;
    const file = parsed.file && parsed.file.slice(0, STACK_LIMITS.file);
    frames.push({
      filename: file,
      abs_path: file,
      function: parsed.fn && parsed.fn.slice(0, STACK_LIMITS.function),
      lineno: parsed.line,
      colno: parsed.col,
      in_app: file !== null && isInApp(file),
    });
  }
  return frames.reverse();
}

interface ParsedLine {
  fn: string | null;
  file: string | null;
  line: number | null;
  col: number | null;
}

/** The first `max` lines, without splitting the rest of a huge string. */
function firstLines(s: string, max: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (out.length < max && start <= s.length) {
    const end = s.indexOf('\n', start);
    out.push(s.slice(start, end === -1 ? s.length : end));
    if (end === -1) break;
    start = end + 1;
  }
  return out;
}

function isV8Line(line: string): boolean {
  const i = skipSpaces(line, 0);
  return line.startsWith('at', i) && (line[i + 2] === ' ' || line[i + 2] === '\t');
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\r')) i++;
  return i;
}

/** "at fn (location)", "at location", "at fn (eval at g (file:1:2), <anonymous>:1:1)" */
function parseV8(line: string): ParsedLine | null {
  const rest = line.slice(skipSpaces(line, 0) + 3).trim();
  let fn: string | null = null;
  let location = rest;
  if (rest.endsWith(')')) {
    const open = matchingOpen(rest, rest.length - 1);
    if (open > 0) {
      fn = rest.slice(0, open).trim() || null;
      location = rest.slice(open + 1, -1);
    }
  }
  if (location.startsWith('eval')) location = evalOrigin(location) ?? location;
  const { path, line: lineNo, col } = splitLineCol(location);
  if (lineNo === null && !KNOWN_LOCATION.test(location)) return null; // e.g. "at async Promise.all (index 0)"
  const native = path === 'native' || path.startsWith('native ');
  return { fn, file: native || path === '<anonymous>' || path === '' ? null : path, line: lineNo, col };
}

/** The index of the "(" that the ")" at `close` closes, or -1. */
function matchingOpen(s: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (c === 41 /* ) */) depth++;
    else if (c === 40 /* ( */ && --depth === 0) return i;
  }
  return -1;
}

/** "eval at f (file.js:1:2), <anonymous>:3:4" → "file.js:1:2": where the eval'd code came from. */
function evalOrigin(location: string): string | null {
  // one pass: each ")" is paired with the last "(" seen since the previous ")"
  let open = -1;
  for (let i = 0; i < location.length; i++) {
    const c = location.charCodeAt(i);
    if (c === 40 /* ( */) open = i;
    else if (c === 41 /* ) */ && open !== -1) {
      const inner = location.slice(open + 1, i);
      const { line, col } = splitLineCol(inner);
      if (line !== null && col !== null && !/\s/.test(inner)) return inner;
      open = -1;
    }
  }
  return null;
}

/** Firefox "fn@file:1:2", Safari "fn@file:1:2", "global code@…", "[native code]", "file:1:2". */
function parseGecko(raw: string): ParsedLine | null {
  const line = raw.trim();
  if (!line) return null;
  const at = line.indexOf('@');
  let fn = at === -1 ? null : line.slice(0, at);
  let location = at === -1 ? line : line.slice(at + 1);
  // older Firefox: "fn(args)@…"
  if (fn?.endsWith(')')) {
    const open = matchingOpen(fn, fn.length - 1);
    if (open >= 0) fn = fn.slice(0, open);
  }
  fn = fn?.trim() || null;
  // Firefox eval: "file.js line 2 > eval:1:3" → file.js, line 2
  const evalAt = location.indexOf(' > eval');
  if (evalAt !== -1) {
    const lineAt = location.lastIndexOf(' line ', evalAt);
    if (lineAt !== -1) {
      const n = Number(location.slice(lineAt + 6, evalAt).split(' ')[0]);
      return { fn, file: location.slice(0, lineAt), line: Number.isInteger(n) ? n : null, col: null };
    }
  }
  const { path, line: lineNo, col } = splitLineCol(location);
  if (!path || /^\s/.test(location)) return null;
  if (lineNo === null && !GECKO_LOCATION.test(path) && !path.endsWith('bundle')) return null;
  return { fn, file: path, line: lineNo, col };
}

/** "file.js:12:5" → file.js, 12, 5; at most two ":digits" are taken from the end. */
function splitLineCol(location: string): { path: string; line: number | null; col: number | null } {
  let path = location.trimEnd();
  const nums: number[] = [];
  while (nums.length < 2) {
    const colon = path.lastIndexOf(':');
    const digits = path.slice(colon + 1);
    if (colon === -1 || digits.length === 0 || digits.length > 9 || !/^\d+$/.test(digits)) break;
    nums.unshift(Number(digits));
    path = path.slice(0, colon);
  }
  return { path, line: nums[0] ?? null, col: nums[1] ?? null };
}
