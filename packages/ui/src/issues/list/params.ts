// The list's state lives in the URL: these read it, for rendering and for key handlers alike.

export const STATUS_TABS = ['unresolved', 'resolved', 'ignored', 'all'] as const;

export const statusOf = (query: URLSearchParams) => query.get('status') ?? 'unresolved';

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
