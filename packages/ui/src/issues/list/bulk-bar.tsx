import type { Action } from '../actions.js';

/** What to do with the ticked rows; without ticks, how many issues there are and the key hints. */
export function BulkBar({
  checked,
  count,
  more,
  busy,
  act,
}: {
  checked: number;
  /** rows on this page, null while none are loaded */
  count: number | null;
  more: boolean;
  busy: boolean;
  act: (action: Action) => void;
}) {
  return (
    <div class="bulk" aria-live="polite">
      {checked > 0 ? (
        <>
          <span>{checked} selected</span>
          <button disabled={busy} onClick={() => act('resolve')}>
            Resolve
          </button>
          <button disabled={busy} onClick={() => act('ignore')}>
            Ignore
          </button>
          <button disabled={busy} onClick={() => act('unresolve')}>
            Unresolve
          </button>
        </>
      ) : (
        count !== null && (
          <span class="muted small">
            {count}
            {more ? '+' : ''} {count === 1 ? 'issue' : 'issues'} · <kbd>j</kbd> <kbd>k</kbd> to move,{' '}
            <kbd>enter</kbd> to open, <kbd>?</kbd> for all shortcuts
          </span>
        )
      )}
    </div>
  );
}
