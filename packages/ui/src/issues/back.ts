// The list remembers how the user left it, so "← Issues" and Escape return to the same filters, search,
// sort, page and position, and "← Newer" can step back through pages the API only pages forward.
let last: { projectId: number; query: string; index: number } | null = null;
/** page cursor → the cursor of the page before it ('' for the first page) */
const newerPage = new Map<string, string>();

export function rememberList(projectId: number, query: URLSearchParams, index: number): void {
  last = { projectId, query: query.toString(), index: index >= 0 ? index : (last?.index ?? -1) };
}

/** The list the user came from (or the default one), with this issue selected. */
export function listUrl(projectId: number, issueId: number): string {
  const q = new URLSearchParams(last?.projectId === projectId ? last.query : '');
  q.set('sel', String(issueId));
  return `/p/${projectId}/issues?${q}`;
}

/** Where the selected row was, to select its neighbour when it has left the list. */
export const lastIndex = (projectId: number) => (last?.projectId === projectId ? last.index : -1);

export function rememberOlder(from: string | null, to: string): void {
  newerPage.set(to, from ?? '');
}

/** The cursor of the page before this one: '' for the first page (also when it is not known). */
export const newerThan = (cursor: string) => newerPage.get(cursor) ?? '';
