import type { Deploy, DeployHealth } from '../api.js';
import { ago } from '../format.js';
import { useApi } from '../use-api.js';

/** A deploy's link, when it is a web address (a deploy's url comes from CI: never a script). */
const webUrl = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);

/** One deploy: release, revision, who and when, its link, and its health verdict with the reasons. */
export function DeployItem({
  base,
  deploy: d,
  judged,
  showEnvironment = false,
}: {
  base: string;
  deploy: Deploy;
  /** whether to ask for its verdict (older deploys are settled history) */
  judged: boolean;
  showEnvironment?: boolean;
}) {
  const health = useApi<DeployHealth>(judged ? `${base}/deploys/${d.id}/health` : null);
  const h = health.data;
  const url = webUrl(d.url);
  return (
    <li class="deploy">
      <span class={`verdict ${h?.verdict ?? 'pending'}`}>{health.error ? '?' : (h?.verdict ?? '…')}</span>
      <b>{d.release}</b>
      {showEnvironment && <span>to {d.environment}</span>}
      {d.revision && <code>{d.revision.slice(0, 10)}</code>}
      {d.deployer && <span class="muted">by {d.deployer}</span>}
      <span class="muted" title={d.finished_at}>
        {ago(d.finished_at)}
      </span>
      {url && (
        <a href={url} target="_blank" rel="noopener noreferrer nofollow" class="small">
          deploy log
        </a>
      )}
      {h && (
        <span class="small" title="issues first seen or back since this deploy">
          {h.new_issues.length} new · {h.regressed_issues.length} regressed since
        </span>
      )}
      {h && (
        <span class="small" title="events per minute before the deploy and in the minutes after it">
          {h.error_rate.before}/min before → {h.error_rate.after}/min after
        </span>
      )}
      {h && <span class="muted small reason">{h.reason}</span>}
      {health.error && <span class="error small reason">health: {health.error}</span>}
    </li>
  );
}
