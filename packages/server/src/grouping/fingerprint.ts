import { createHash } from 'node:crypto';
import { cleanFunctionName } from './functions.js';
import { displayPath, fileKey } from './paths.js';
import { messageTemplate } from './template.js';
import type {
  ExceptionComponent,
  ExceptionInput,
  Frame,
  Grouping,
  GroupingInput,
  GroupingResult,
} from './types.js';

/**
 * Grouping version 1 (design.md). Bump it only with a migration path: issues keep the hashes they were
 * created with (issue_hashes), so a new algorithm must not split existing issues.
 */
export const GROUPING_VERSION = 1;
const DEFAULT_MARKER = /^\{\{\s*default\s*\}\}$/;

/**
 * Two hashes per event. `fallback` is what the error *is* (exception types and message templates);
 * `primary` adds *where* it was thrown, when the stack says so reliably (not minified without a map).
 * The writer files an event under `primary`, or joins the issue of `fallback` when that issue has no
 * throw site yet or the same one (resolve.ts): so one bug seen from a dev build and from a mapless
 * minified build is one issue, while one message thrown from two places is two.
 */
export function computeGrouping(input: GroupingInput): GroupingResult {
  const thrown = input.exceptions[input.exceptions.length - 1];
  const base = thrown ? exceptionGrouping(input.exceptions) : messageGrouping(input);
  const client = input.clientFingerprint?.length ? input.clientFingerprint : null;
  let grouping: Grouping;
  let site: string | null = null;
  let fallback: string | null = null;

  if (client && !client.some((p) => DEFAULT_MARKER.test(p))) {
    grouping = { version: GROUPING_VERSION, method: 'fingerprint', client_fingerprint: client, hash: '' };
    grouping.hash = hash(['fingerprint', ...client]);
  } else {
    const salt = (client ?? []).map((p) => (DEFAULT_MARKER.test(p) ? '' : p));
    grouping = { ...base, ...(client ? { client_fingerprint: client } : {}) };
    const what = hash([...whatParts(base), ...salt]);
    const sites = base.exceptions?.map((e) => e.frame);
    if (sites?.length && sites.every((s) => s !== null && !s.startsWith('~'))) {
      site = sites.join(' < ');
      grouping.hash = hash([...whatParts(base), 'at', site, ...salt]);
      fallback = what;
    } else {
      grouping.hash = what;
    }
  }

  const culpritFrame = thrown ? innermostInApp(thrown) : null;
  const title = thrown
    ? thrown.value
      ? `${thrown.type || 'Error'}: ${thrown.value}`
      : thrown.type || 'Error'
    : input.message || '<no message>';
  return {
    fingerprint: grouping.hash,
    fallback,
    site,
    grouping,
    title: title.length > 500 ? `${title.slice(0, 499)}…` : title,
    culprit: culpritFrame ? culprit(culpritFrame) : '',
    type: thrown?.type ?? '',
    value: thrown?.value ?? input.message ?? '',
  };
}

function exceptionGrouping(exceptions: ExceptionInput[]): Grouping {
  const components: ExceptionComponent[] = exceptions.map((e) => ({
    type: e.type || 'Error',
    template: messageTemplate(e.value, e.type),
    frame: e.synthetic ? null : throwSite(e),
  }));
  return { version: GROUPING_VERSION, method: 'exception', exceptions: components, hash: '' };
}

function messageGrouping(input: GroupingInput): Grouping {
  const template = input.messageFormat ?? messageTemplate(input.message ?? '');
  return { version: GROUPING_VERSION, method: 'message', message: template, hash: '' };
}

function whatParts(g: Grouping): string[] {
  if (g.method === 'message') return ['message', g.message ?? ''];
  return ['exception', ...(g.exceptions ?? []).flatMap((e) => [e.type, e.template])];
}

/**
 * The throw site: the innermost in-app frame, or the innermost frame with a file when none is in-app.
 * Only this frame counts, not the whole stack, so one bug reached from two call paths is one issue.
 */
function innermostInApp(e: ExceptionInput): Frame | null {
  const withFile = e.frames.filter((f) => f.filename || f.abs_path);
  for (let i = withFile.length - 1; i >= 0; i--) if (withFile[i]!.in_app) return withFile[i]!;
  return withFile[withFile.length - 1] ?? null;
}

/**
 * "file:function" of the throw site, never line or column: those move with every release. An anonymous
 * closure (a .map callback, a promise executor) is named after the function around it: the next named
 * frame of the same file, as a reader of the code would say "it fails in renderProducts".
 * Minified code without a map gives "~file": its names are mangled anew by every build, so only the
 * file is known, and that is too weak to tell two throw sites apart.
 */
function throwSite(e: ExceptionInput): string | null {
  const frame = innermostInApp(e);
  if (!frame) return null;
  const file = frame.abs_path || frame.filename || '';
  const { key, minified } = fileKey(file, frame.colno);
  if (minified) return `~${key}`;
  let fn = cleanFunctionName(frame.function).name;
  if (!fn && frame.context_line) fn = frame.context_line.replace(/\s+/g, ' ').trim().slice(0, 120);
  for (let i = e.frames.indexOf(frame) - 1; i >= 0 && !fn; i--) {
    const outer = e.frames[i]!;
    if ((outer.abs_path || outer.filename) === file) fn = cleanFunctionName(outer.function).name;
  }
  return `${key}:${fn ?? ''}`;
}

function culprit(frame: Frame): string {
  const path = displayPath(frame.abs_path || frame.filename || '');
  const fn = cleanFunctionName(frame.function).name;
  return fn ? `${path} in ${fn}` : path;
}

function hash(parts: string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}
