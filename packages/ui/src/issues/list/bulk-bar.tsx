import type { IssueListItem, Member } from '../../api.js';
import type { Action } from '../actions.js';

/**
 * What to do with the ticked rows (the actions that make sense on the tab shown, assign, merge);
 * without ticks, how many issues there are and the key hints.
 */
export function BulkBar({
  checked,
  count,
  more,
  busy,
  status,
  members,
  act,
  assign,
  merge,
}: {
  /** the ticked issues, in list order */
  checked: IssueListItem[];
  /** rows on this page, null while none are loaded */
  count: number | null;
  more: boolean;
  busy: boolean;
  /** the status tab shown */
  status: string;
  members: Member[];
  act: (action: Action) => void;
  assign: (email: string | null) => void;
  merge: () => void;
}) {
  const any = status === 'all';
  return (
    <div class="bulk" aria-live="polite">
      {checked.length > 0 ? (
        <>
          <span>{checked.length} selected</span>
          {(any || status === 'unresolved') && (
            <>
              <button disabled={busy} onClick={() => act('resolve')}>
                Resolve
              </button>
              <button disabled={busy} onClick={() => act('ignore')}>
                Ignore
              </button>
            </>
          )}
          {(any || status === 'resolved') && (
            <button disabled={busy} onClick={() => act('unresolve')}>
              Reopen
            </button>
          )}
          {(any || status === 'ignored') && (
            <button disabled={busy} onClick={() => act('unresolve')}>
              Unignore
            </button>
          )}
          <select
            aria-label="Assign selected to"
            disabled={busy}
            value="-"
            onChange={(e) => {
              const v = (e.target as HTMLSelectElement).value;
              (e.target as HTMLSelectElement).value = '-';
              if (v !== '-') assign(v || null);
            }}
          >
            <option value="-">Assign to…</option>
            <option value="">nobody</option>
            {members.map((m) => (
              <option value={m.email}>{m.name || m.email}</option>
            ))}
          </select>
          {checked.length > 1 && (
            <button disabled={busy} onClick={merge}>
              Merge
            </button>
          )}
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
