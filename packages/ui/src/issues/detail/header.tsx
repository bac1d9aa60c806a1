import type { IssueDetail, Member } from '../../api.js';
import { memberName } from '../../use-members.js';
import { ago, plural } from '../../format.js';
import { onLink } from '../../router.js';
import type { Action } from '../actions.js';
import { releaseUrl } from '../../releases/url.js';

export type Act = (action: Action | Record<string, unknown>) => void;

/** Title, status and counts, and what can be done to the issue. */
export function DetailHeader({
  issue,
  projectId,
  act,
  members,
  myEmail,
}: {
  issue: IssueDetail;
  projectId: number;
  act: Act;
  members: Member[];
  myEmail: string | null;
}) {
  return (
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
            <InRelease projectId={projectId} version={issue.first_release} />
          </span>
          <span title={issue.last_seen}>
            last seen {ago(issue.last_seen)}
            <InRelease projectId={projectId} version={issue.last_release} />
          </span>
          {issue.assignee && <span>assigned to {memberName(members, issue.assignee)}</span>}
        </p>
      </div>
      <div class="actions">
        {issue.status === 'unresolved' ? (
          <>
            <button class="primary" onClick={() => act('resolve')} title="r">
              Resolve
            </button>
            <button onClick={() => act('resolve_next')}>Resolve in next release</button>
            <IgnoreMenu act={act} />
          </>
        ) : issue.status === 'merged' ? (
          <MergedInto project={projectId} into={issue.merged_into} />
        ) : (
          <button class="primary" onClick={() => act('unresolve')} title="u">
            Reopen
          </button>
        )}
        <AssignPicker
          current={issue.assignee}
          members={members}
          myEmail={myEmail}
          onAssign={(email) => act({ assignee: email })}
        />
      </div>
    </header>
  );
}

/** " in 1.4.2", the release linked to its page. */
function InRelease({ projectId, version }: { projectId: number; version: string | null }) {
  if (!version) return null;
  const to = releaseUrl(projectId, version);
  return (
    <>
      {' in '}
      <a href={to} onClick={(e) => onLink(e, to)}>
        {version}
      </a>
    </>
  );
}

function IgnoreMenu({ act }: { act: Act }) {
  return (
    <select
      aria-label="Ignore"
      onChange={(e) => {
        const v = (e.target as HTMLSelectElement).value;
        (e.target as HTMLSelectElement).value = '';
        if (v === 'forever') act('ignore');
        else if (v.startsWith('h'))
          act({
            status: 'ignored',
            ignore_until: new Date(Date.now() + Number(v.slice(1)) * 3_600_000).toISOString(),
          });
        else if (v.startsWith('n')) act({ ignore_count: Number(v.slice(1)) });
      }}
    >
      <option value="">Ignore…</option>
      <option value="forever">until I unignore it</option>
      <option value="h1">for 1 hour</option>
      <option value="h24">for 24 hours</option>
      <option value="n100">until 100 more events</option>
      <option value="n1000">until 1,000 more events</option>
    </select>
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

/** Who the issue is assigned to: a member, picked from the list, or "me" in one click. */
function AssignPicker({
  current,
  members,
  myEmail,
  onAssign,
}: {
  current: string | null;
  members: Member[];
  myEmail: string | null;
  onAssign: (email: string | null) => void;
}) {
  return (
    <span class="assign">
      <select
        aria-label="Assignee"
        value={current ?? ''}
        onChange={(e) => onAssign((e.target as HTMLSelectElement).value || null)}
      >
        <option value="">Unassigned</option>
        {/* someone no longer listed (removed) still shows as who it is */}
        {current && !members.some((m) => m.email === current) && <option value={current}>{current}</option>}
        {members.map((m) => (
          <option value={m.email}>{m.name ? `${m.name} (${m.email})` : m.email}</option>
        ))}
      </select>
      {myEmail && current !== myEmail && (
        <button type="button" class="link" onClick={() => onAssign(myEmail)}>
          Assign to me
        </button>
      )}
    </span>
  );
}
