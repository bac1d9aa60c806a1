import type { IssueDetail } from '../../api.js';
import { plural } from '../../format.js';
import { RangePicker } from '../../range.js';
import { navigate, withQuery, type Route } from '../../router.js';

/**
 * Above the issue's chart: its time range, and the environment that scopes the chart, the count, the
 * latest event and the event list (`?env=` in the URL, the values the issue was seen in).
 */
export function ScopeBar({ issue, route }: { issue: IssueDetail; route: Route }) {
  const env = route.query.get('env') ?? '';
  const seen = (issue.tags.environment ?? []).map(([v]) => v);
  // an environment from a shared link that this issue has no event in is still offered (count 0)
  const options = env && !seen.includes(env) ? [...seen, env] : seen;
  return (
    <div class="scope-bar">
      <RangePicker route={route} />
      {options.length > 0 && (
        <select
          aria-label="Environment"
          value={env}
          // the event shown belongs to the old scope: the new one starts at its latest event
          onChange={(e) =>
            navigate(withQuery(route, { env: (e.target as HTMLSelectElement).value, event: undefined }))
          }
        >
          <option value="">All environments</option>
          {options.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      )}
      {issue.scope && (
        <span class="muted small" role="status">
          {plural(issue.scope.count, 'event')} of {issue.count} in {issue.scope.environment}
        </span>
      )}
    </div>
  );
}
