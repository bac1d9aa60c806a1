import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, type Deploy, type Event, type IssueDetail, type Project } from '../api.js';
import { ago, plural } from '../format.js';
import { navigate, onLink, withQuery, type Route } from '../router.js';
import { useKeys } from '../shortcuts.js';
import { BODY, updateIssues, type Action } from './actions.js';
import { listUrl } from './back.js';
import { EventsChart } from './chart.js';
import { Exception } from './stacktrace.js';

interface EventSummary {
  event_id: string;
  timestamp: string;
}
type EventPage = { events: EventSummary[]; next_cursor: string | null };

export function IssueDetailPage({
  project,
  issueId,
  route,
}: {
  project: Project;
  issueId: number;
  route: Route;
}) {
  const [issue, setIssue] = useState<IssueDetail | null>(null);
  const [events, setEvents] = useState<EventSummary[]>([]);
  const [olderEvents, setOlderEvents] = useState<string | null>(null);
  const [event, setEvent] = useState<Event | null>(null);
  const [deploys, setDeploys] = useState<Deploy[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [raw, setRaw] = useState(false);
  const [reload, setReload] = useState(0);
  const base = `/api/projects/${project.id}`;
  const eventId = route.query.get('event');

  // another issue: drop this one's data at once, rather than show it under the new URL
  useEffect(() => {
    setIssue(null);
    setEvent(null);
    setEvents([]);
  }, [project.id, issueId]);
  useEffect(() => {
    setError(null);
    Promise.all([
      api<IssueDetail>(`${base}/issues/${issueId}`),
      api<EventPage>(`${base}/issues/${issueId}/events?limit=100`),
      api<{ deploys: Deploy[] }>(`${base}/deploys?limit=100`),
    ]).then(
      ([i, e, d]) => {
        setIssue(i);
        setEvents(e.events);
        setOlderEvents(e.next_cursor);
        setDeploys(d.deploys);
      },
      (e: Error) => setError(e.message),
    );
  }, [project.id, issueId, reload]);
  useEffect(() => {
    if (!issue) return;
    if (!eventId || eventId === issue.latest_event?.event_id) return setEvent(issue.latest_event);
    api<Event>(`${base}/events/${eventId}`).then(
      (e) => (e.issue_id === issueId ? setEvent(e) : setError(`Event ${eventId} belongs to another issue.`)),
      (e: Error) => setError(e.message),
    );
  }, [issue, eventId]);

  const [busy, setBusy] = useState(false);
  const act = async (action: Action | Record<string, unknown>) => {
    if (busy) return; // one update at a time: a double click writes one history line
    setBusy(true);
    try {
      await updateIssues(project.id, [issueId], typeof action === 'string' ? BODY[action] : action);
      setReload((n) => n + 1);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    document.title = issue ? `${issue.title} · Faultline` : 'Faultline';
  }, [issue?.title]);
  useKeys(
    (e) => {
      if (e.key === 'r') void act('resolve');
      else if (e.key === 'i') void act('ignore');
      else if (e.key === 'u') void act('unresolve');
      else if (e.key === 'Escape') navigate(listUrl(project.id, issueId));
    },
    [issueId],
  );

  // deploys to the environments this issue happens in (all of them if it has no environment tag)
  const markers = useMemo(() => {
    const envs = new Set((issue?.tags.environment ?? []).map(([v]) => v));
    return deploys
      .filter((d) => !envs.size || envs.has(d.environment))
      .map((d) => ({ at: new Date(d.finished_at).getTime(), label: d.release }));
  }, [deploys, issue]);
  if (error && !issue)
    return (
      <div class="pad">
        <p class="error" role="alert">
          {error}
        </p>
        <a href={listUrl(project.id, issueId)} onClick={(e) => onLink(e, listUrl(project.id, issueId))}>
          ← Issues
        </a>
      </div>
    );
  if (!issue) return <p class="muted pad">Loading issue…</p>;

  const shown = event ?? issue.latest_event;
  const position = events.findIndex((e) => e.event_id === shown?.event_id);
  const go = (i: number) => events[i] && navigate(withQuery(route, { event: events[i]!.event_id }));
  // past the events loaded so far, fetch the next page of them
  const older = async () => {
    if (position + 1 < events.length || !olderEvents) return go(position + 1);
    const url = `${base}/issues/${issueId}/events?limit=100&cursor=${encodeURIComponent(olderEvents)}`;
    try {
      const page = await api<EventPage>(url);
      setEvents((all) => [...all, ...page.events]);
      setOlderEvents(page.next_cursor);
      if (page.events[0]) navigate(withQuery(route, { event: page.events[0].event_id }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const back = listUrl(project.id, issueId);

  return (
    <article class="detail">
      <a class="back small" href={back} onClick={(e) => onLink(e, back)}>
        ← Issues
      </a>
      <header class="detail-head">
        <div>
          <h1 class="title">{issue.title}</h1>
          <p class="culprit">{issue.culprit}</p>
          <p class="meta">
            <span class={`badge status-${issue.status}`}>{statusText(issue)}</span>
            {issue.substatus && <span class={`badge ${issue.substatus}`}>{issue.substatus}</span>}
            {issue.spiking && <span class="badge spiking">spiking</span>}
            <span>
              {plural(issue.count, 'event')} · {plural(issue.user_count, 'user')}
            </span>
            <span title={issue.first_seen}>
              first seen {ago(issue.first_seen)}
              {issue.first_release ? ` in ${issue.first_release}` : ''}
            </span>
            <span title={issue.last_seen}>
              last seen {ago(issue.last_seen)}
              {issue.last_release ? ` in ${issue.last_release}` : ''}
            </span>
            {issue.assignee && <span>assigned to {issue.assignee}</span>}
          </p>
        </div>
        <div class="actions">
          {issue.status === 'unresolved' ? (
            <>
              <button class="primary" onClick={() => act('resolve')} title="r">
                Resolve
              </button>
              <button onClick={() => act('resolve_next')}>Resolve in next release</button>
              <select
                aria-label="Ignore"
                onChange={(e) => {
                  const v = (e.target as HTMLSelectElement).value;
                  (e.target as HTMLSelectElement).value = '';
                  if (v === 'forever') void act('ignore');
                  else if (v.startsWith('h'))
                    void act({
                      status: 'ignored',
                      ignore_until: new Date(Date.now() + Number(v.slice(1)) * 3_600_000).toISOString(),
                    });
                  else if (v.startsWith('n')) void act({ ignore_count: Number(v.slice(1)) });
                }}
              >
                <option value="">Ignore…</option>
                <option value="forever">until I unignore it</option>
                <option value="h1">for 1 hour</option>
                <option value="h24">for 24 hours</option>
                <option value="n100">until 100 more events</option>
                <option value="n1000">until 1,000 more events</option>
              </select>
            </>
          ) : issue.status === 'merged' ? (
            <MergedInto project={project.id} into={issue.merged_into} />
          ) : (
            <button class="primary" onClick={() => act('unresolve')} title="u">
              Reopen
            </button>
          )}
          <AssignBox
            key={`${issue.id}:${issue.assignee}`}
            current={issue.assignee}
            onAssign={(email) => act({ assignee: email })}
          />
        </div>
      </header>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}

      {issue.suspect_deploy && (
        <p class="suspect">
          Suspect deploy: <b>{issue.suspect_deploy.release}</b> to {issue.suspect_deploy.environment}
          {issue.suspect_deploy.revision && (
            <>
              {' '}
              · revision <code>{issue.suspect_deploy.revision}</code>
            </>
          )}
          {issue.suspect_deploy.deployer && <> · by {issue.suspect_deploy.deployer}</>} ·{' '}
          {ago(issue.suspect_deploy.finished_at)} ({issue.suspect_deploy.reason})
        </p>
      )}

      <EventsChart series={issue.stats['24h']} markers={markers} />
      {issue.spikes.length > 0 && (
        <ul class="spikes small">
          {issue.spikes.slice(0, 3).map((s) => (
            <li key={s.from + s.environment}>
              Spike in {s.environment}: {plural(s.count, 'event')} in 10 minutes, {s.expected} expected ·{' '}
              <span title={s.from}>{ago(s.to)}</span>
            </li>
          ))}
        </ul>
      )}

      <div class="event-nav">
        <span class="muted small">
          {shown ? (
            <>
              {position >= 0 && `${position + 1} of ${issue.count} · `}
              Event {shown.event_id.slice(0, 12)} · {new Date(shown.timestamp).toLocaleString()} ·{' '}
              {shown.release ?? 'no release'} · {shown.environment ?? 'no environment'}
            </>
          ) : (
            'No event'
          )}
        </span>
        <span class="spacer" />
        <button disabled={position <= 0} onClick={() => go(position - 1)}>
          ← Newer
        </button>
        <button
          disabled={position < 0 || (position >= events.length - 1 && !olderEvents)}
          onClick={() => void older()}
        >
          Older →
        </button>
        <label class="small">
          <input
            type="checkbox"
            checked={raw}
            onChange={(e) => setRaw((e.target as HTMLInputElement).checked)}
          />{' '}
          raw stack
        </label>
      </div>

      {shown && <EventBody event={shown} raw={raw} />}

      <section class="panels">
        <Panel title="Tags">
          {Object.entries(issue.tags).map(([key, values]) => (
            <TagBars name={key} values={values} total={issue.count} />
          ))}
        </Panel>
        <Panel title="Why grouped">
          <pre class="json">{JSON.stringify(issue.grouping, null, 2)}</pre>
        </Panel>
        <Panel title="History">
          <ol class="history">
            {issue.history.map((h) => (
              <li>
                <b>{h.kind.replace('_', ' ')}</b> {ago(h.at)}
                {h.release &&
                  (h.data?.next_release ? <> in the release after {h.release}</> : <> in {h.release}</>)}
                {h.actor && <span class="muted"> · {h.actor}</span>}
              </li>
            ))}
          </ol>
        </Panel>
      </section>
    </article>
  );
}

/** A merged issue has nothing left to act on: it points to where its events went. */
function MergedInto({ project, into }: { project: number; into: number | null }) {
  if (!into) return <span class="muted">merged</span>;
  const href = `/p/${project}/issues/${into}`;
  return (
    <a class="button" href={href} onClick={(e) => onLink(e, href)}>
      Merged into issue {into} →
    </a>
  );
}

/** What the status means now: "resolved" alone hides a hold on a release, "ignored" its end. */
function statusText(i: IssueDetail): string {
  if (i.status === 'resolved' && i.resolved_in_next_release) return 'resolved in next release';
  if (i.status === 'resolved' && i.resolved_in_release) return `resolved in ${i.resolved_in_release}`;
  if (i.status === 'ignored' && i.ignore_until)
    return `ignored until ${new Date(i.ignore_until).toLocaleString()}`;
  if (i.status === 'ignored' && i.ignore_until_count !== null)
    return `ignored for ${Math.max(0, i.ignore_until_count - i.count)} more events`;
  return i.status;
}

function AssignBox({
  current,
  onAssign,
}: {
  current: string | null;
  onAssign: (email: string | null) => void;
}) {
  const [value, setValue] = useState(current ?? '');
  return (
    <form
      class="assign"
      onSubmit={(e) => {
        e.preventDefault();
        onAssign(value.trim() || null);
      }}
    >
      <input
        type="email"
        placeholder="assign to (email)"
        value={value}
        onInput={(e) => setValue((e.target as HTMLInputElement).value)}
        aria-label="Assignee"
      />
    </form>
  );
}

function EventBody({ event, raw }: { event: Event; raw: boolean }) {
  const values = event.exception?.values ?? [];
  return (
    <section class="event">
      {event.message && !values.length && <pre class="message">{event.message}</pre>}
      {values.length > 1 && (
        <p class="muted small">Exception chain: the error thrown is shown first, then what caused it.</p>
      )}
      {[...values].reverse().map((v) => (
        <Exception value={v} raw={raw} />
      ))}
      {event.breadcrumbs.length > 0 && (
        <Panel title="Breadcrumbs">
          <table class="crumbs">
            {event.breadcrumbs.map((b) => (
              <tr>
                <td class="muted small">{b.timestamp ? new Date(b.timestamp).toLocaleTimeString() : ''}</td>
                <td class={`level level-${b.level ?? 'info'}`}>{b.level ?? 'info'}</td>
                <td>{b.category}</td>
                <td>
                  {b.message}
                  {b.data && <code class="muted small"> {JSON.stringify(b.data)}</code>}
                </td>
              </tr>
            ))}
          </table>
        </Panel>
      )}
      {event.request && (
        <Panel title="Request">
          <pre class="json">{JSON.stringify(event.request, null, 2)}</pre>
        </Panel>
      )}
      {event.user && (
        <Panel title="User">
          <pre class="json">{JSON.stringify(event.user, null, 2)}</pre>
        </Panel>
      )}
      {event.contexts && (
        <Panel title="Contexts">
          <pre class="json">{JSON.stringify(event.contexts, null, 2)}</pre>
        </Panel>
      )}
      <details class="panel">
        <summary>Raw JSON</summary>
        <pre class="json">{JSON.stringify(event, null, 2)}</pre>
      </details>
    </section>
  );
}

function TagBars({ name, values, total }: { name: string; values: Array<[string, number]>; total: number }) {
  return (
    <div class="tag">
      <div class="tag-name">{name}</div>
      {values.map(([v, n]) => (
        <div class="bar-row" title={`${v}: ${n}`}>
          <span class="bar" style={{ width: `${Math.max(2, (n / Math.max(total, 1)) * 100)}%` }} />
          <span class="bar-label">{v}</span>
          <span class="muted small">{n}</span>
        </div>
      ))}
    </div>
  );
}

function Panel({ title, children }: { title: string; children: preact.ComponentChildren }) {
  return (
    <section class="panel">
      <h2>{title}</h2>
      {children}
    </section>
  );
}
