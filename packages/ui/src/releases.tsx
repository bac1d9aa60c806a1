import { useEffect, useState } from 'preact/hooks';
import { api, type Deploy, type Project } from './api.js';
import { ago } from './format.js';
import { onLink } from './router.js';
import { EventsChart } from './issues/chart.js';

interface Release {
  version: string;
  first_seen: string;
  last_seen: string;
  event_count: number;
  new_issues: number;
  regressed_issues: number;
  deploys: Deploy[];
}

type Series = Array<[string, number]>;

interface Health {
  verdict: 'healthy' | 'suspect' | 'bad' | 'pending';
  reason: string;
  new_issues: unknown[];
  regressed_issues: unknown[];
  error_rate: { before: number; after: number };
}

/** Deploys as a timeline per environment, each with its health verdict; releases below. */
export function ReleasesPage({ project }: { project: Project }) {
  const [deploys, setDeploys] = useState<Deploy[] | null>(null);
  const [releases, setReleases] = useState<Release[]>([]);
  // a string is the error that loading it gave
  const [health, setHealth] = useState<Record<number, Health | string>>({});
  const [rates, setRates] = useState<Record<string, Series | string>>({});
  const [error, setError] = useState<string | null>(null);
  const base = `/api/projects/${project.id}`;

  useEffect(() => {
    Promise.all([
      api<{ deploys: Deploy[] }>(`${base}/deploys?limit=50`),
      api<{ releases: Release[] }>(`${base}/releases`),
    ])
      .then(([d, r]) => {
        setDeploys(d.deploys);
        setReleases(r.releases);
        // charts and verdicts follow, each on its own: one failing shows its error where it belongs
        for (const env of new Set(d.deploys.map((x) => x.environment))) {
          api<{ stats: { '24h': Series } }>(`${base}/stats?environment=${encodeURIComponent(env)}`).then(
            (s) => setRates((all) => ({ ...all, [env]: s.stats['24h'] })),
            (e: Error) => setRates((all) => ({ ...all, [env]: e.message })),
          );
        }
        for (const x of d.deploys.slice(0, 20)) {
          api<Health>(`${base}/deploys/${x.id}/health`).then(
            (h) => setHealth((all) => ({ ...all, [x.id]: h })),
            (e: Error) => setHealth((all) => ({ ...all, [x.id]: e.message })),
          );
        }
      })
      .catch((e: Error) => setError(e.message));
  }, [project.id]);

  if (error)
    return (
      <p class="error pad" role="alert">
        {error}
      </p>
    );
  if (!deploys) return <p class="muted pad">Loading releases…</p>;
  const envs = [...new Set(deploys.map((d) => d.environment))];

  return (
    <section class="releases">
      {!deploys.length && (
        <p class="empty">
          No deploys yet. Record one from CI with <code>faultline deploy --release R --env E</code>.
        </p>
      )}
      {envs.map((env) => {
        const rate = rates[env];
        return (
          <section class="panel" key={env}>
            <h2>{env}</h2>
            {typeof rate === 'string' ? (
              <p class="error">The error rate did not load: {rate}</p>
            ) : (
              <EventsChart
                series={rate ?? []}
                markers={deploys
                  .filter((d) => d.environment === env)
                  .map((d) => ({ at: new Date(d.finished_at).getTime(), label: d.release }))}
              />
            )}
            <ol class="timeline">
              {deploys
                .filter((d) => d.environment === env)
                .map((d) => {
                  const loaded = health[d.id];
                  const h = typeof loaded === 'string' ? undefined : loaded;
                  return (
                    <li class="deploy" key={d.id}>
                      <span class={`verdict ${h?.verdict ?? 'pending'}`}>
                        {typeof loaded === 'string' ? '?' : (h?.verdict ?? '…')}
                      </span>
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
                      {typeof loaded === 'string' && <span class="error small reason">health: {loaded}</span>}
                    </li>
                  );
                })}
            </ol>
          </section>
        );
      })}
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
