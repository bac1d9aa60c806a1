import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api, type Issue, type Project } from '../api.js';
import { ago, compact } from '../format.js';
import { navigate, onLink, withQuery, type Route } from '../router.js';
import { useKeys } from '../shortcuts.js';
import { BODY, updateIssues, type Action } from './actions.js';
import { lastIndex, newerThan, rememberList, rememberOlder } from './back.js';
import { Sparkline } from './sparkline.js';

const STATUSES = ['unresolved', 'resolved', 'ignored', 'all'] as const;
// rows in the first paint of a page load: more than a tall screen holds; the rest follow in the next
// frame. Cold (fresh JIT) 100 rows take ~60 ms in Preact and the DOM, so the screen fills ~20 ms sooner.
// Once warm, all rows render at once (~12 ms for 100).
const FIRST_PAINT = 30;

export function IssueListPage({ project, route }: { project: Project; route: Route }) {
  const q = route.query;
  const [issues, setIssues] = useState<Issue[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [checked, setChecked] = useState<Set<number>>(new Set());
  const [reload, setReload] = useState(0);
  const [shown, setShown] = useState(FIRST_PAINT);
  const measuring = useRef<'first' | 'all' | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const selected = Number(q.get('sel') ?? 0);

  const params = new URLSearchParams({
    status: q.get('status') ?? 'unresolved',
    sort: q.get('sort') ?? 'last_seen',
    limit: '100',
    stats: '24h',
  });
  for (const k of ['query', 'environment', 'release', 'cursor']) if (q.get(k)) params.set(k, q.get(k)!);
  const key = params.toString();

  const selIndex = useRef(-1);
  useEffect(() => void (document.title = `Issues · ${project.name} · Faultline`), [project.name]);

  useEffect(() => {
    let live = true;
    setError(null);
    setLoading(true);
    api<{ issues: Issue[]; next_cursor: string | null }>(`/api/projects/${project.id}/issues?${key}`).then(
      (r) => {
        if (!live) return;
        performance.mark('issues:data');
        measuring.current = 'first';
        setLoading(false);
        setIssues(r.issues);
        setNext(r.next_cursor);
        setChecked(new Set()); // ticks belong to the rows they were ticked on
        // the selected issue left the list (resolved, ignored… here or on its page): select the one
        // that took its place
        const at = selIndex.current >= 0 ? selIndex.current : lastIndex(project.id);
        if (selected && !r.issues.some((i) => i.id === selected) && r.issues.length && at >= 0) {
          const next = r.issues[Math.min(at, r.issues.length - 1)]!;
          navigate(withQuery(route, { sel: String(next.id) }), true);
        }
      },
      (e: Error) => {
        if (!live) return;
        setLoading(false);
        setIssues(null); // not the previous filter's rows under this filter's error
        setError(e.message);
      },
    );
    return () => void (live = false);
  }, [project.id, key, reload]);

  // after each paint: render the remaining rows, and record (for bench/ui) data in hand → first rows
  // painted ("issues:render") and → all rows painted ("issues:all")
  useLayoutEffect(() => {
    if (!issues) return;
    const partial = shown < issues.length;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        if (measuring.current === 'first') {
          performance.measure('issues:render', 'issues:data');
          measuring.current = 'all';
        }
        if (measuring.current === 'all' && !partial) {
          performance.measure('issues:all', 'issues:data');
          performance.clearMarks('issues:data');
          measuring.current = null;
        }
        if (partial) setShown(Infinity);
      });
    });
    return () => (cancelAnimationFrame(frame), clearTimeout(timer));
  }, [issues, shown]);

  const [busy, setBusy] = useState(false);
  const act = async (action: Action, ids: number[]) => {
    if (!ids.length || busy) return; // one update at a time: a double click sends one PATCH
    setBusy(true);
    try {
      await updateIssues(project.id, ids, BODY[action]);
      setChecked(new Set());
      setReload((n) => n + 1);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const index = issues?.findIndex((i) => i.id === selected) ?? -1;
  if (index >= 0) selIndex.current = index;
  useEffect(() => rememberList(project.id, q, index), [project.id, q.toString(), index]);
  const select = (i: number) =>
    issues?.[i] && navigate(withQuery(route, { sel: String(issues[i]!.id) }), true);
  useKeys(
    (e) => {
      if (!issues || loading) return; // the rows on screen are the last filter's
      if (e.key === 'j') select(Math.min(issues.length - 1, index + 1));
      else if (e.key === 'k') select(Math.max(0, index - 1));
      else if (e.key === 'Enter' && index >= 0) navigate(`/p/${project.id}/issues/${selected}`);
      else if (e.key === '/') {
        e.preventDefault();
        search.current?.focus();
      } else if (index >= 0 && (e.key === 'r' || e.key === 'i' || e.key === 'u')) {
        const target = checked.size ? [...checked] : [selected];
        void act(e.key === 'r' ? 'resolve' : e.key === 'i' ? 'ignore' : 'unresolve', target);
      } else return;
      e.preventDefault();
    },
    [issues, loading, index, selected, checked],
  );
  useEffect(() => {
    document.querySelector('.issue-row.selected')?.scrollIntoView({ block: 'nearest' });
  }, [selected, shown]);

  const set = (changes: Record<string, string | undefined>) =>
    navigate(withQuery(route, { ...changes, cursor: undefined, sel: undefined }));

  return (
    <section>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const value = (name: string) => String(form.get(name) ?? '').trim() || undefined;
          set({ query: value('query'), environment: value('environment'), release: value('release') });
          search.current?.blur();
        }}
      >
        <input
          ref={search}
          class="search"
          type="search"
          name="query"
          placeholder="Search: text, is:regressed, release:1.2.0, env:production  (/)"
          defaultValue={q.get('query') ?? ''}
          key={q.get('query') ?? ''}
          aria-label="Search issues"
        />
        <div class="segmented" role="group" aria-label="Status">
          {STATUSES.map((s) => (
            <button
              type="button"
              class={(q.get('status') ?? 'unresolved') === s ? 'on' : ''}
              onClick={() =>
                set({
                  status: s === 'unresolved' ? undefined : s,
                  query: search.current?.value.trim() || undefined, // what the box shows is what applies
                })
              }
            >
              {s}
            </button>
          ))}
        </div>
        <input
          class="narrow"
          placeholder="environment"
          name="environment"
          defaultValue={q.get('environment') ?? ''}
          key={`env${q.get('environment')}`}
          onChange={(e) => (e.target as HTMLInputElement).form?.requestSubmit()}
          aria-label="Environment"
        />
        <input
          class="narrow"
          placeholder="release"
          name="release"
          defaultValue={q.get('release') ?? ''}
          key={`rel${q.get('release')}`}
          onChange={(e) => (e.target as HTMLInputElement).form?.requestSubmit()}
          aria-label="Release"
        />
        <select
          value={q.get('sort') ?? 'last_seen'}
          onChange={(e) => {
            set({ sort: (e.target as HTMLSelectElement).value });
            (e.target as HTMLSelectElement).blur(); // back to the keyboard shortcuts
          }}
          aria-label="Sort"
        >
          <option value="last_seen">Last seen</option>
          <option value="first_seen">First seen</option>
          <option value="count">Events</option>
        </select>
        {/* Enter in any field submits: a form with several text fields needs a submit button for that */}
        <button type="submit" class="sr-only" tabIndex={-1}>
          Search
        </button>
      </form>

      <div class="bulk" aria-live="polite">
        {checked.size > 0 ? (
          <>
            <span>{checked.size} selected</span>
            <button disabled={busy} onClick={() => act('resolve', [...checked])}>
              Resolve
            </button>
            <button disabled={busy} onClick={() => act('ignore', [...checked])}>
              Ignore
            </button>
            <button disabled={busy} onClick={() => act('unresolve', [...checked])}>
              Unresolve
            </button>
          </>
        ) : (
          issues && (
            <span class="muted small">
              {issues.length}
              {next ? '+' : ''} {issues.length === 1 ? 'issue' : 'issues'} · <kbd>j</kbd> <kbd>k</kbd> to
              move, <kbd>enter</kbd> to open, <kbd>?</kbd> for all shortcuts
            </span>
          )
        )}
      </div>
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
        <div class={loading ? 'issues stale' : 'issues'} role="table" aria-label="Issues" aria-busy={loading}>
          <div class="issue-row head" role="row">
            <span role="columnheader">
              <input
                type="checkbox"
                aria-label="Select all"
                checked={checked.size === issues.length}
                onChange={(e) =>
                  setChecked(
                    (e.target as HTMLInputElement).checked ? new Set(issues.map((i) => i.id)) : new Set(),
                  )
                }
              />
            </span>
            <span role="columnheader">Issue</span>
            <span role="columnheader" class="num">
              Events
            </span>
            <span role="columnheader" class="num">
              Users
            </span>
            <span role="columnheader">24h</span>
            <span role="columnheader">Seen</span>
          </div>
          {issues.slice(0, shown).map((issue) => (
            <IssueRow
              key={issue.id}
              issue={issue}
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
      <div class="pager">
        {q.get('cursor') && (
          <button
            onClick={() =>
              navigate(withQuery(route, { cursor: newerThan(q.get('cursor')!), sel: undefined }))
            }
          >
            ← Newer
          </button>
        )}
        {next && (
          <button
            onClick={() => {
              rememberOlder(q.get('cursor'), next);
              navigate(withQuery(route, { cursor: next, sel: undefined }));
            }}
          >
            Older →
          </button>
        )}
      </div>
    </section>
  );
}

function IssueRow({
  issue,
  projectId,
  selected,
  checked,
  onCheck,
}: {
  issue: Issue;
  projectId: number;
  selected: boolean;
  checked: boolean;
  onCheck: (on: boolean) => void;
}) {
  const href = `/p/${projectId}/issues/${issue.id}`;
  return (
    <div class={selected ? 'issue-row selected' : 'issue-row'} role="row" aria-selected={selected}>
      <span role="cell">
        <input
          type="checkbox"
          aria-label={`Select ${issue.title}`}
          checked={checked}
          onChange={(e) => onCheck((e.target as HTMLInputElement).checked)}
        />
      </span>
      <div role="cell">
        <a href={href} onClick={(e) => onLink(e, href)} class="title">
          {issue.title}
        </a>
        <div class="meta">
          <span class={`level level-${issue.level}`}>{issue.level}</span>
          {issue.substatus === 'new' && <span class="badge new">new</span>}
          {issue.substatus === 'regressed' && <span class="badge regressed">regressed</span>}
          {issue.spiking && <span class="badge spiking">spiking</span>}
          {issue.status !== 'unresolved' && <span class="badge">{issue.status}</span>}
          <span class="culprit">{issue.culprit}</span>
          {issue.first_release && <span class="muted">since {issue.first_release}</span>}
        </div>
      </div>
      <span role="cell" class="num">
        {compact(issue.count)}
      </span>
      <span role="cell" class="num">
        {compact(issue.user_count)}
      </span>
      <span role="cell">{issue.stats && <Sparkline series={issue.stats['24h']} />}</span>
      <div role="cell" class="seen">
        <span title={issue.last_seen}>{ago(issue.last_seen)}</span>
        <span class="muted small" title={issue.first_seen}>
          first {ago(issue.first_seen)}
        </span>
      </div>
    </div>
  );
}
