import type { ComponentChildren } from 'preact';
import type { IssueDetail } from '../../api.js';
import { ago, plural } from '../../format.js';

export function Panel({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="panel">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** The suspect deploy and the latest spikes: what might explain the issue. */
export function Signals({ issue }: { issue: IssueDetail }) {
  const d = issue.suspect_deploy;
  return (
    <>
      {d && (
        <p class="suspect">
          Suspect deploy: <b>{d.release}</b> to {d.environment}
          {d.revision && (
            <>
              {' '}
              · revision <code>{d.revision}</code>
            </>
          )}
          {d.deployer && <> · by {d.deployer}</>} · {ago(d.finished_at)} ({d.reason})
        </p>
      )}
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
    </>
  );
}

/** Tag breakdowns and the grouping inputs. */
export function IssuePanels({ issue }: { issue: IssueDetail }) {
  return (
    <section class="panels">
      <Panel title="Tags">
        {Object.entries(issue.tags).map(([key, values]) => (
          <TagBars name={key} values={values} total={issue.count} />
        ))}
      </Panel>
      <Panel title="Why grouped">
        <pre class="json">{JSON.stringify(issue.grouping, null, 2)}</pre>
      </Panel>
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
