import type { RefObject } from 'preact';
import { useRef } from 'preact/hooks';
import type { IssueListItem } from '../../api.js';
import { navigate, routeNow, withQuery } from '../../router.js';
import { useKeys } from '../../shortcuts.js';
import { useLatest } from '../../use-api.js';
import type { Action } from '../actions.js';

const LIST_KEYS = new Set(['j', 'k', 'Enter', 'r', 'i', 'u']);

export interface ListState {
  /** the rows on screen */
  issues: IssueListItem[] | null;
  checked: Set<number>;
  /** the rows on screen are those of the URL (no filter, page, action or reload under way) */
  loaded: boolean;
}

/**
 * j k Enter r i u and / on the issue list. Handlers read the state of now: the selection from the URL
 * (navigate() changes it at once), the rest from the latest render. Keys pressed while the rows on
 * screen are not those of the URL wait, and apply in order once they are: call the returned
 * `replay` when new rows are shown.
 */
export function useListKeys({
  state,
  projectId,
  path,
  search,
  act,
}: {
  state: ListState;
  projectId: number;
  /** the list's path: once a key has left it (Enter opens an issue), the next keys are that page's */
  path: string;
  search: RefObject<HTMLInputElement>;
  act: (action: Action, ids: number[]) => void;
}): () => void {
  const live = useLatest({ ...state, projectId, path, act });
  const queuedRef = useRef<string[]>([]);

  const handle = (key: string) => {
    const { issues, checked, projectId, act } = live.current;
    if (!issues) return;
    const now = routeNow();
    const sel = Number(now.query.get('sel') ?? 0);
    const at = issues.findIndex((i) => i.id === sel);
    const select = (i: number) => issues[i] && navigate(withQuery(now, { sel: String(issues[i]!.id) }), true);
    if (key === 'j') select(Math.min(issues.length - 1, at + 1));
    else if (key === 'k') select(Math.max(0, at - 1));
    else if (key === 'Enter' && at >= 0) navigate(`/p/${projectId}/issues/${sel}`);
    else if (at >= 0 && (key === 'r' || key === 'i' || key === 'u'))
      act(
        key === 'r' ? 'resolve' : key === 'i' ? 'ignore' : 'unresolve',
        checked.size ? [...checked] : [sel],
      );
  };

  useKeys((e) => {
    if (e.key === '/') {
      e.preventDefault();
      search.current?.focus();
      return;
    }
    if (!LIST_KEYS.has(e.key)) return;
    e.preventDefault();
    if (!live.current.loaded || queuedRef.current.length) queuedRef.current.push(e.key);
    else handle(e.key);
  });

  // one key at a time, each after the render the one before caused
  const replay = () => {
    const key = queuedRef.current.shift();
    if (key === undefined) return;
    if (routeNow().path === live.current.path) handle(key);
    else dispatchEvent(new KeyboardEvent('keydown', { key }));
    queueMicrotask(replay);
  };
  return replay;
}
