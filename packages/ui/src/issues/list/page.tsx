import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api, type IssueList, type IssueListItem, type Project } from '../../api.js';
import { navigate, routeNow, withQuery, type Route } from '../../router.js';
import { memberName, useMembers } from '../../use-members.js';
import { useApi, useLatest } from '../../use-api.js';
import { BODY, updateIssues, type Action } from '../actions.js';
import { lastIndex, rememberList } from '../back.js';
import { BulkBar } from './bulk-bar.js';
import { Filters } from './filters.js';
import { useListKeys } from './keys.js';
import { issuesUrl, statusOf } from './params.js';
import { Pager } from './pager.js';
import { useProgressiveRows } from './progressive.js';
import { HeaderRow, IssueRow } from './row.js';

/** The issue list: its filters, rows, ticks and keyboard. The URL holds filters, page and selection. */
export function IssueListPage({ project, route }: { project: Project; route: Route }) {
  const q = route.query;
  const url = issuesUrl(project.id, q);
  const list = useApi<IssueList>(url, { keep: true, mark: 'issues:data' });
  // the rows on screen; not the last filter's rows under this filter's error
  const issues = list.error ? null : (list.data?.issues ?? null);
  const [checked, setChecked] = useState<Set<number>>(new Set());
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const members = useMembers();
  const selected = Number(q.get('sel') ?? 0);
  const index = issues?.findIndex((i) => i.id === selected) ?? -1;
  const shown = useProgressiveRows(issues);

  const pendingRef = useRef(false);
  /** One change to issues at a time (a double click or a repeated key sends one request); a ref, not
   *  state, so a second key before the next render sees it. */
  const change = async (ids: number[], work: () => Promise<unknown>) => {
    if (!ids.length || pendingRef.current) return;
    pendingRef.current = true;
    setBusy(true);
    setActionError(null);
    try {
      await work();
      setChecked(new Set());
      list.reload();
    } catch (e) {
      setActionError((e as Error).message);
    } finally {
      pendingRef.current = false;
      setBusy(false);
    }
  };
  const act = (action: Action, ids: number[]) =>
    change(ids, () => updateIssues(project.id, ids, BODY[action]));
  // ticked rows in list order: the first is what the others merge into
  const ticked = (issues ?? []).filter((i) => checked.has(i.id));
  const merge = () => {
    const [into, ...others] = ticked;
    if (!into || !others.length) return;
    const names = others.map((i) => `  #${i.id} ${i.title}`).join('\n');
    if (
      !confirm(
        `Merge into #${into.id} "${into.title}":\n${names}\n\nTheir events and counts move to #${into.id}.`,
      )
    )
      return;
    void change(
      ticked.map((i) => i.id),
      () =>
        api(`/api/projects/${project.id}/issues/merge`, {
          method: 'POST',
          json: { ids: ticked.map((i) => i.id) },
        }),
    );
  };
  const replayKeys = useListKeys({
    // an action and the reload after it count as loading: keys wait to act on the list it leaves
    state: { issues, checked, loaded: !list.loading && list.dataUrl === url && !busy },
    projectId: project.id,
    path: route.path,
    search: searchRef,
    act: (action, ids) => void act(action, ids),
  });

  useEffect(() => void (document.title = `Issues · ${project.name} · Faultline`), [project.name]);
  useEffect(() => rememberList(project.id, q, index), [project.id, q, index]);
  useEffect(() => {
    document.querySelector('.issue-row.selected')?.scrollIntoView({ block: 'nearest' });
  }, [selected, shown]);

  // New rows: ticks belong to the rows they were ticked on; a selected issue that left the list
  // (resolved, ignored… here or on its page) passes the selection to the row that took its place;
  // keys pressed while they loaded apply now. A layout effect: in the same task as the render that
  // shows the rows, so no key lands between the new rows and the selection they imply.
  const rows = list.data?.issues;
  const previousRef = useRef<IssueListItem[] | null>(null);
  const replayRef = useLatest(replayKeys);
  useLayoutEffect(() => {
    if (!rows) return;
    const before = previousRef.current;
    previousRef.current = rows;
    setChecked(new Set());
    const now = routeNow();
    const sel = Number(now.query.get('sel') ?? 0);
    const at = before ? before.findIndex((i) => i.id === sel) : lastIndex(project.id);
    if (sel && !rows.some((i) => i.id === sel) && rows.length && at >= 0) {
      navigate(withQuery(now, { sel: String(rows[Math.min(at, rows.length - 1)]!.id) }), true);
    }
    replayRef.current();
  }, [rows, project.id, replayRef]);

  const set = (changes: Record<string, string | undefined>) =>
    navigate(withQuery(route, { ...changes, cursor: undefined, sel: undefined }));
  const error = list.error ?? actionError;

  return (
    <section>
      <Filters projectId={project.id} query={q} search={searchRef} set={set} />
      <BulkBar
        checked={ticked}
        count={issues?.length ?? null}
        more={!!list.data?.next_cursor}
        busy={busy}
        status={statusOf(q)}
        members={members}
        act={(action) => void act(action, [...checked])}
        assign={(email) =>
          void change([...checked], () => updateIssues(project.id, [...checked], { assignee: email }))
        }
        merge={merge}
      />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!issues ? (
        !error && <p class="muted pad">Loading issues…</p>
      ) : !issues.length ? (
        <p class="empty">
          No issues here.{' '}
          {q.get('query') ? 'Try another search.' : 'Nothing is broken, or nothing has reported yet.'}
        </p>
      ) : (
        // a grid of rows rather than a <table>: rows below the fold skip layout (content-visibility),
        // which is most of the cost of showing 100 issues
        <div
          class={list.loading ? 'issues stale' : 'issues'}
          role="table"
          aria-label="Issues"
          aria-busy={list.loading}
        >
          <HeaderRow
            all={checked.size === issues.length}
            onAll={(on) => setChecked(on ? new Set(issues.map((i) => i.id)) : new Set())}
          />
          {issues.slice(0, shown).map((issue) => (
            <IssueRow
              key={issue.id}
              issue={issue}
              assignee={issue.assignee ? memberName(members, issue.assignee) : null}
              projectId={project.id}
              selected={issue.id === selected}
              checked={checked.has(issue.id)}
              onCheck={(on) =>
                setChecked((s) =>
                  on ? new Set(s).add(issue.id) : new Set([...s].filter((x) => x !== issue.id)),
                )
              }
            />
          ))}
        </div>
      )}
      <Pager route={route} next={list.data?.next_cursor ?? null} />
    </section>
  );
}
