// "← Issues" and Escape return to the list as the user left it: filters, search, sort and page.
let last: { projectId: number; query: string } | null = null;

export function rememberList(projectId: number, query: URLSearchParams): void {
  last = { projectId, query: query.toString() };
}

/** The list the user came from (or the default one), with this issue selected. */
export function listUrl(projectId: number, issueId: number): string {
  const q = new URLSearchParams(last?.projectId === projectId ? last.query : '');
  q.set('sel', String(issueId));
  return `/p/${projectId}/issues?${q}`;
}
