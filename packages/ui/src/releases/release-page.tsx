import { useEffect } from 'preact/hooks';
import type { Issue, Project, ReleaseDetail } from '../api.js';
import { ago, plural } from '../format.js';
import { RangePicker, rangeOf } from '../range.js';
import { onLink, type Route } from '../router.js';
import { useApi } from '../use-api.js';
import { DeployItem } from './deploy-item.js';
import { EnvironmentChart } from './env-chart.js';
import { releaseUrl } from './url.js';

/**
 * One release: where it was deployed (per environment, the event rate around its deploys and their
 * verdicts), the issues it opened, brought back and resolves, and links to its neighbours.
 */
export function ReleasePage({
  project,
  version,
  route,
}: {
  project: Project;
  version: string;
  route: Route;
}) {
  const base = `/api/projects/${project.id}`;
  const range = rangeOf(route);
  const detail = useApi<ReleaseDetail>(`${base}/releases/${encodeURIComponent(version)}`);
  useEffect(() => {
    document.title = `${version} · Faultline`;
  }, [version]);
  const back = `/p/${project.id}/releases`;
  const backLink = (
    <a class="back small" href={back} onClick={(e) => onLink(e, back)}>
      ← Releases
    </a>
  );
  if (detail.error)
    return (
      <div class="pad">
        <p class="error" role="alert">
          {detail.error}
        </p>
        {backLink}
      </div>
    );
  const d = detail.data;
  if (!d) return <p class="muted pad">Loading release…</p>;
  const r = d.release;
  const envs = [...new Set(r.deploys.map((x) => x.environment))];
  const issues = `/p/${project.id}/issues?query=${encodeURIComponent(`release:${version}`)}&status=all`;
  return (
    <article class="release">
      {backLink}
      <header class="detail-head">
        <div>
          <h1 class="title">{r.version}</h1>
          <p class="meta">
            <span>{plural(r.event_count, 'event')}</span>
            <span title={r.first_seen}>first seen {ago(r.first_seen)}</span>
            <span title={r.last_seen}>last seen {ago(r.last_seen)}</span>
            <a href={issues} onClick={(e) => onLink(e, issues)}>
              All its issues
            </a>
          </p>
        </div>
        <nav class="neighbours" aria-label="Other releases">
          {d.previous && <ReleaseLink projectId={project.id} version={d.previous} text="← Previous" />}
          {d.next && <ReleaseLink projectId={project.id} version={d.next} text="Next →" />}
        </nav>
      </header>
      {envs.length > 0 ? (
        <RangePicker route={route} />
      ) : (
        <p class="muted">Not deployed: no deploy of this release was recorded.</p>
      )}
      {envs.map((env) => {
        const here = r.deploys.filter((x) => x.environment === env);
        return (
          <section class="panel" key={env}>
            <h2>Deployed to {env}</h2>
            <EnvironmentChart base={base} env={env} deploys={here} range={range} />
            <ol class="timeline">
              {here.map((x) => (
                <DeployItem key={x.id} base={base} deploy={x} judged />
              ))}
            </ol>
          </section>
        );
      })}
      <IssueTable
        projectId={project.id}
        title="New in this release"
        empty="No issue was first seen in this release."
        issues={d.new_issues}
      />
      <IssueTable
        projectId={project.id}
        title="Regressed in this release"
        empty="No resolved issue came back in this release."
        issues={d.regressed_issues}
      />
      <IssueTable
        projectId={project.id}
        title="Resolved in this release"
        empty="No issue is marked resolved in this release."
        issues={d.resolved_issues}
      />
    </article>
  );
}

function ReleaseLink({ projectId, version, text }: { projectId: number; version: string; text: string }) {
  const to = releaseUrl(projectId, version);
  return (
    <a href={to} onClick={(e) => onLink(e, to)} title={version}>
      {text} <span class="muted">{version}</span>
    </a>
  );
}

function IssueTable({
  projectId,
  title,
  empty,
  issues,
}: {
  projectId: number;
  title: string;
  empty: string;
  issues: Issue[];
}) {
  return (
    <section class="panel">
      <h2>
        {title} <span class="muted">{issues.length}</span>
      </h2>
      {issues.length ? (
        <ul class="release-issues">
          {issues.map((i) => {
            const to = `/p/${projectId}/issues/${i.id}`;
            return (
              <li key={i.id}>
                <a href={to} onClick={(e) => onLink(e, to)}>
                  {i.title}
                </a>{' '}
                <span class="muted small">
                  {plural(i.count, 'event')} · {i.status}
                </span>
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="muted">{empty}</p>
      )}
    </section>
  );
}
