import { useState } from 'preact/hooks';
import type { Event, Frame } from '../../api.js';

/** One exception: in-app frames open with their code, library frames folded; the raw stack on demand. */
export function Exception({
  value,
  raw,
}: {
  value: NonNullable<Event['exception']>['values'][number];
  raw: boolean;
}) {
  const frames = [...value.stacktrace.frames].reverse(); // innermost first, as people read stacks
  return (
    <div class="exception">
      <h3>
        <span class="exc-type">{value.type || 'Error'}</span>
        {value.value && <span class="exc-value">: {value.value}</span>}
        {value.mechanism?.handled === false && <span class="badge unhandled">unhandled</span>}
      </h3>
      {!frames.length && !value.stack ? (
        <p class="muted small">No stack trace was sent with this exception.</p>
      ) : raw ? (
        <pre class="raw-stack">{value.stack ?? frames.map((f) => rawFrame(f)).join('\n')}</pre>
      ) : (
        <ol class="frames">
          {groupFrames(frames).map((g) =>
            g.inApp ? g.runs.map((r) => <FrameView run={r} open />) : <LibraryFrames runs={g.runs} />,
          )}
        </ol>
      )}
    </div>
  );
}

/** A frame and how many times it repeats in a row (recursion shows once, with its count). */
interface Run {
  frame: Frame;
  repeat: number;
}
const same = (a: Frame, b: Frame) =>
  a.filename === b.filename && a.function === b.function && a.lineno === b.lineno && a.colno === b.colno;

/** Consecutive in-app or library frames together, repeated frames folded into one. */
function groupFrames(frames: Frame[]): Array<{ inApp: boolean; runs: Run[] }> {
  const groups: Array<{ inApp: boolean; runs: Run[] }> = [];
  for (const f of frames) {
    const group = groups[groups.length - 1];
    const run = group?.runs[group.runs.length - 1];
    if (run && same(run.frame, f)) run.repeat++;
    else if (group && group.inApp === f.in_app) group.runs.push({ frame: f, repeat: 1 });
    else groups.push({ inApp: f.in_app, runs: [{ frame: f, repeat: 1 }] });
  }
  return groups;
}

function LibraryFrames({ runs }: { runs: Run[] }) {
  const [open, setOpen] = useState(false);
  const count = runs.reduce((n, r) => n + r.repeat, 0);
  if (open)
    return (
      <>
        {runs.map((r) => (
          <FrameView run={r} open={false} />
        ))}
      </>
    );
  return (
    <li class="folded">
      <button class="link" onClick={() => setOpen(true)}>
        {count} library frame{count > 1 ? 's' : ''}
      </button>
    </li>
  );
}

function FrameView({ run: { frame, repeat }, open }: { run: Run; open: boolean }) {
  const hasCode = open && frame.context_line != null;
  const first = (frame.lineno ?? 0) - (frame.pre_context?.length ?? 0);
  return (
    <li class={frame.in_app ? 'frame in-app' : 'frame'}>
      <div class="frame-head">
        <span class="file">{frame.filename ?? '<unknown>'}</span>
        {named(frame.function) && (
          <span class="in">
            {' '}
            in <b>{frame.function}</b>
          </span>
        )}
        {frame.lineno !== null && (
          <span class="pos">
            {' '}
            at line {frame.lineno}
            {frame.colno !== null ? `:${frame.colno}` : ''}
          </span>
        )}
        {repeat > 1 && <span class="badge">{repeat}× in a row</span>}
        {frame.minified && (
          <span class="muted small" title="as the minified code reported it">
            {' '}
            (minified: {frame.minified.filename}:{frame.minified.lineno}:{frame.minified.colno}
            {named(frame.minified.function) ? ` in ${frame.minified.function}` : ''})
          </span>
        )}
      </div>
      {hasCode && (
        <pre class="code">
          {[...(frame.pre_context ?? []), frame.context_line!, ...(frame.post_context ?? [])].map(
            (line, i) => (
              <div class={first + i === frame.lineno ? 'hl' : ''}>
                <span class="ln">{first + i}</span>
                {line}
              </div>
            ),
          )}
        </pre>
      )}
    </li>
  );
}

/** The names stack parsers give a frame without one (Sentry's "?", V8's top level of a module). */
const ANONYMOUS = new Set(['?', '<anonymous>', 'Object.<anonymous>', 'global code']);
const named = (fn: string | null | undefined) => !!fn && !ANONYMOUS.has(fn);

/** A frame as V8 prints it: an anonymous one has no name, not "?". */
function rawFrame(f: Frame): string {
  const at = `${f.filename}:${f.lineno}:${f.colno}`;
  return named(f.function) ? `  at ${f.function} (${at})` : `  at ${at}`;
}
