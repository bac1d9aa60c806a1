import type { Deploy, Project, Release } from '../api.js';
import { ago } from '../format.js';
import { RangePicker, rangeOf, type Range } from '../range.js';
import { onLink, type Route } from '../router.js';
import { useApi } from '../use-api.js';
import { DeployItem } from './deploy-item.js';
import { EnvironmentChart } from './env-chart.js';
import { releaseUrl } from './url.js';

/** Deploys as a timeline per environment, each with its health verdict; releases below. */
export function ReleasesPage({ project, route }: { project: Project; route: Route }) {
  const base = `/api/projects/${project.id}`;
  const range = rangeOf(route);
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
      {envs.length > 0 && <RangePicker route={route} />}
      {envs.map((env) => (
        <EnvironmentPanel
          key={env}
          base={base}
          env={env}
          range={range}
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
                const page = releaseUrl(project.id, r.version);
                return (
                  <tr key={r.version}>
                    <td>
                      <a href={page} onClick={(e) => onLink(e, page)}>
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
  range,
  deploys,
  judged,
}: {
  base: string;
  env: string;
  range: Range;
  deploys: Deploy[];
  judged: Set<number>;
}) {
  return (
    <section class="panel">
      <h2>{env}</h2>
      <EnvironmentChart base={base} env={env} deploys={deploys} range={range} />
      <ol class="timeline">
        {deploys.map((d) => (
          <DeployItem key={d.id} base={base} deploy={d} judged={judged.has(d.id)} />
        ))}
      </ol>
    </section>
  );
}
