import type { IssueListItem } from '../../api.js';
import { ago, compact } from '../../format.js';
import { onLink } from '../../router.js';
import { Sparkline } from '../sparkline.js';

export function HeaderRow({ all, onAll }: { all: boolean; onAll: (on: boolean) => void }) {
  return (
    <div class="issue-row head" role="row">
      <span role="columnheader">
        <input
          type="checkbox"
          aria-label="Select all"
          checked={all}
          onChange={(e) => onAll((e.target as HTMLInputElement).checked)}
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
  );
}

export function IssueRow({
  issue,
  projectId,
  selected,
  checked,
  onCheck,
  assignee,
}: {
  /** the assignee's name, when the issue has one */
  assignee: string | null;
  issue: IssueListItem;
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
          {assignee && <span class="assignee">→ {assignee}</span>}
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
