import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  api,
  type Deploy,
  type Event,
  type EventList,
  type EventSummary,
  type IssueDetail,
  type Project,
} from '../../api.js';
import { EventsChart } from '../../chart.js';
import { navigate, onLink, withQuery, type Route } from '../../router.js';
import { useKeys } from '../../shortcuts.js';
import { useApi } from '../../use-api.js';
import { BODY, updateIssues, type Action } from '../actions.js';
import { listUrl } from '../back.js';
import { EventBody } from './event-body.js';
import { EventNav } from './event-nav.js';
import { useMembers } from '../../use-members.js';
import { Activity } from './activity.js';
import { DetailHeader } from './header.js';
import { IssuePanels, Signals } from './panels.js';
import { ScopeBar } from './scope-bar.js';
import { rangeOf } from '../../range.js';

/** Older pages of an issue's events, loaded on demand; they belong to the list they were asked for. */
interface OlderEvents {
  list: string;
  events: EventSummary[];
  next: string | null;
}

export function IssueDetailPage({
  project,
  issueId,
  route,
  myEmail,
}: {
  project: Project;
  issueId: number;
  route: Route;
  /** the logged-in user's email ("assign to me") */
  myEmail: string | null;
}) {
  const members = useMembers();
  const base = `/api/projects/${project.id}`;
  const eventId = route.query.get('event');
  const range = rangeOf(route);
  const env = route.query.get('env') ?? '';
  const scope = env ? `&environment=${encodeURIComponent(env)}` : '';
  // a new range or environment keeps the page on screen until its answer; another issue does not
  const detail = useApi<IssueDetail>(`${base}/issues/${issueId}?range=${range}${scope}`, { keep: true });
  const eventList = `${base}/issues/${issueId}/events?limit=100${scope}`;
  const firstPage = useApi<EventList>(eventList);
  const deploys = useApi<{ deploys: Deploy[] }>(`${base}/deploys?limit=100`);
  const issue = detail.data?.id === issueId ? detail.data : null;
  // an event other than the latest, when the URL names one
  const other = useApi<Event>(
    issue && eventId && eventId !== issue.latest_event?.event_id ? `${base}/events/${eventId}` : null,
  );
  const [older, setOlder] = useState<OlderEvents | null>(null);
  const [raw, setRaw] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  const pendingRef = useRef(false);
  // acts on the issue of the URL: a key pressed before its data arrived still means this issue
  const act = async (action: Action | Record<string, unknown>) => {
    if (pendingRef.current) return; // one update at a time: a double click writes one history line
    pendingRef.current = true;
    setActionError(null);
    try {
      await updateIssues(project.id, [issueId], typeof action === 'string' ? BODY[action] : action);
      detail.reload();
    } catch (e) {
      setActionError((e as Error).message);
    } finally {
      pendingRef.current = false;
    }
  };
  useKeys((e) => {
    if (e.key === 'r') void act('resolve');
    else if (e.key === 'i') void act('ignore');
    else if (e.key === 'u') void act('unresolve');
    else if (e.key === 'Escape') navigate(listUrl(project.id, issueId));
  });
  useEffect(() => {
    document.title = issue ? `${issue.title} · Faultline` : 'Faultline';
  }, [issue]);

  // deploys to the environment shown, or to those this issue happens in (all if it has no environment tag)
  const markers = useMemo(() => {
    const envs = new Set(env ? [env] : (issue?.tags.environment ?? []).map(([v]) => v));
    return (deploys.data?.deploys ?? [])
      .filter((d) => !envs.size || envs.has(d.environment))
      .map((d) => ({ at: new Date(d.finished_at).getTime(), label: d.release }));
  }, [deploys.data, issue, env]);

  const back = listUrl(project.id, issueId);
  const error = detail.error ?? firstPage.error ?? other.error ?? actionError;
  if (error && !issue)
    return (
      <div class="pad">
        <p class="error" role="alert">
          {error}
        </p>
        <a href={back} onClick={(e) => onLink(e, back)}>
          ← Issues
        </a>
      </div>
    );
  if (!issue) return <p class="muted pad">Loading issue…</p>;

  const mine = older?.list === eventList ? older : null;
  const events = [...(firstPage.data?.events ?? []), ...(mine?.events ?? [])];
  const next = mine ? mine.next : (firstPage.data?.next_cursor ?? null);
  const wrongIssue = other.data && other.data.issue_id !== issueId;
  const shown = (eventId && !wrongIssue && other.data) || issue.latest_event;
  const position = events.findIndex((e) => e.event_id === shown?.event_id);
  const go = (i: number) => events[i] && navigate(withQuery(route, { event: events[i]!.event_id }));
  // past the events loaded so far, fetch the next page of them
  const goOlder = async () => {
    if (position + 1 < events.length || !next) return go(position + 1);
    try {
      const page = await api<EventList>(`${eventList}&cursor=${encodeURIComponent(next)}`);
      setOlder((o) => ({
        list: eventList,
        events: [...(o?.list === eventList ? o.events : []), ...page.events],
        next: page.next_cursor,
      }));
      if (page.events[0] && routeIsStill(route))
        navigate(withQuery(route, { event: page.events[0].event_id }));
    } catch (e) {
      setActionError((e as Error).message);
    }
  };

  return (
    <article class="detail">
      <a class="back small" href={back} onClick={(e) => onLink(e, back)}>
        ← Issues
      </a>
      <DetailHeader issue={issue} projectId={project.id} act={act} members={members} myEmail={myEmail} />
      {(error || wrongIssue) && (
        <p class="error" role="alert">
          {wrongIssue ? `Event ${eventId} belongs to another issue.` : error}
        </p>
      )}
      <Signals issue={issue} />
      <ScopeBar issue={issue} route={route} />
      {/* until the new range's answer is in, the chart stays on the range it has data for */}
      <EventsChart
        series={issue.stats[range] ?? issue.stats['24h']}
        markers={markers}
        range={issue.stats[range] ? range : '24h'}
      />
      <EventNav
        shown={shown}
        position={position}
        total={issue.scope?.count ?? issue.count}
        hasOlder={position < events.length - 1 || !!next}
        onNewer={() => go(position - 1)}
        onOlder={() => void goOlder()}
        raw={raw}
        setRaw={setRaw}
      />
      {shown && <EventBody event={shown} raw={raw} />}
      <IssuePanels issue={issue} />
      <Activity issue={issue} projectId={project.id} members={members} />
    </article>
  );
}

/** The page is still the one a slow request was made from (the user has not moved on meanwhile). */
const routeIsStill = (route: Route) => location.pathname === route.path;
