// The list's state lives in the URL: these read it, for rendering and for key handlers alike.

export const STATUS_TABS = ['unresolved', 'resolved', 'ignored', 'all'] as const;

const IS_STATUS = /(^|\s)is:(unresolved|resolved|ignored|all)(?=\s|$)/;

/** The status shown: an `is:` status in the search wins over the tab, as it does on the server. */
export const statusOf = (query: URLSearchParams) =>
  IS_STATUS.exec(query.get('query') ?? '')?.[2] ?? query.get('status') ?? 'unresolved';

/** The search without its `is:` status tokens (a tab picks the status instead). */
export const withoutStatus = (text: string) =>
  text.replace(new RegExp(IS_STATUS.source, 'g'), ' ').replace(/\s+/g, ' ').trim();

/** The API request that the list at `query` shows. */
export function issuesUrl(projectId: number, query: URLSearchParams): string {
  const params = new URLSearchParams({
    status: statusOf(query),
    sort: query.get('sort') ?? 'last_seen',
    limit: '100',
    stats: '24h',
  });
  for (const k of ['query', 'environment', 'release', 'cursor'])
    if (query.get(k)) params.set(k, query.get(k)!);
  return `/api/projects/${projectId}/issues?${params}`;
}
