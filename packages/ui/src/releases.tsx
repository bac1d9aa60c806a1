import type { Deploy, DeployHealth, Project, Release } from './api.js';
import { ago } from './format.js';
import { onLink } from './router.js';
import { useApi } from './use-api.js';
import { EventsChart } from './chart.js';

type Series = Array<[string, number]>;

/** Deploys as a timeline per environment, each with its health verdict; releases below. */
export function ReleasesPage({ project }: { project: Project }) {
  const base = `/api/projects/${project.id}`;
  const deployList = useApi<{ deploys: Deploy[] }>(`${base}/deploys?limit=50`);
  const releaseList = useApi<{ releases: Release[] }>(`${base}/releases`);
  const error = deployList.error ?? releaseList.error;
  if (error)
    return (
      <p class="error pad" role="alert">
        {error}
      </p>
    );
  const deploys = deployList.data?.deploys;
  if (!deploys) return <p class="muted pad">Loading releases…</p>;
  const releases = releaseList.data?.releases ?? [];
  const envs = [...new Set(deploys.map((d) => d.environment))];

  return (
    <section class="releases">
      {!deploys.length && (
        <p class="empty">
          No deploys yet. Record one from CI with <code>faultline deploy --release R --env E</code>.
        </p>
      )}
      {envs.map((env) => (
        <EnvironmentPanel
          key={env}
          base={base}
          env={env}
          deploys={deploys.filter((d) => d.environment === env)}
          // verdicts for the 20 latest deploys: older ones are settled history
          judged={new Set(deploys.slice(0, 20).map((d) => d.id))}
        />
      ))}
      <section class="panel">
        <h2>Releases</h2>
        <div class="table-scroll">
          <table class="plain">
            <thead>
              <tr>
                <th>Version</th>
                <th class="num">Events</th>
                <th class="num">New issues</th>
                <th class="num">Regressed</th>
                <th>First seen</th>
                <th>Last seen</th>
              </tr>
            </thead>
            <tbody>
              {releases.map((r) => {
                const issues = `/p/${project.id}/issues?query=release:${encodeURIComponent(r.version)}&status=all`;
                return (
                  <tr key={r.version}>
                    <td>
                      <a href={issues} onClick={(e) => onLink(e, issues)}>
                        {r.version}
                      </a>
                    </td>
                    <td class="num">{r.event_count}</td>
                    <td class="num">{r.new_issues}</td>
                    <td class="num">{r.regressed_issues}</td>
                    <td>{ago(r.first_seen)}</td>
                    <td>{ago(r.last_seen)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </section>
  );
}

/** One environment: its error rate with deploy markers, and its deploys with their verdicts. */
function EnvironmentPanel({
  base,
  env,
  deploys,
  judged,
}: {
  base: string;
  env: string;
  deploys: Deploy[];
  judged: Set<number>;
}) {
  // the chart and each verdict load on their own: one failing shows its error where it belongs
  const rate = useApi<{ stats: { '24h': Series } }>(`${base}/stats?environment=${encodeURIComponent(env)}`);
  return (
    <section class="panel">
      <h2>{env}</h2>
      {rate.error ? (
        <p class="error">The error rate did not load: {rate.error}</p>
      ) : (
        <EventsChart
          series={rate.data?.stats['24h'] ?? []}
          markers={deploys.map((d) => ({ at: new Date(d.finished_at).getTime(), label: d.release }))}
        />
      )}
      <ol class="timeline">
        {deploys.map((d) => (
          <DeployItem key={d.id} base={base} deploy={d} judged={judged.has(d.id)} />
        ))}
      </ol>
    </section>
  );
}

function DeployItem({ base, deploy: d, judged }: { base: string; deploy: Deploy; judged: boolean }) {
  const health = useApi<DeployHealth>(judged ? `${base}/deploys/${d.id}/health` : null);
  const h = health.data;
  return (
    <li class="deploy">
      <span class={`verdict ${h?.verdict ?? 'pending'}`}>{health.error ? '?' : (h?.verdict ?? '…')}</span>
      <b>{d.release}</b>
      {d.revision && <code>{d.revision.slice(0, 10)}</code>}
      {d.deployer && <span class="muted">by {d.deployer}</span>}
      <span class="muted" title={d.finished_at}>
        {ago(d.finished_at)}
      </span>
      {h && (
        <span class="small" title="issues first seen or back since this deploy">
          {h.new_issues.length} new · {h.regressed_issues.length} regressed since
        </span>
      )}
      {h && <span class="muted small reason">{h.reason}</span>}
      {health.error && <span class="error small reason">health: {health.error}</span>}
    </li>
  );
}
