// How an event finds its issue (see computeGrouping): by its primary hash; else by its fallback hash
// when that issue's throw site is unknown (claim it) or the same; else a new issue.

export interface KnownHash {
  issueId: number;
  /** the throw site the issue is known by, null while only mapless minified events reached it */
  site: string | null;
}

export type Resolution =
  | { kind: 'existing'; issueId: number }
  | { kind: 'claim'; issueId: number; site: string }
  | { kind: 'create' };

export function resolveIssue(
  event: { fingerprint: string; fallback: string | null; site: string | null },
  known: (hash: string) => KnownHash | undefined,
): Resolution {
  const direct = known(event.fingerprint);
  if (direct) return { kind: 'existing', issueId: direct.issueId };
  if (event.fallback && event.site) {
    const shared = known(event.fallback);
    if (shared && shared.site === null) return { kind: 'claim', issueId: shared.issueId, site: event.site };
    if (shared && shared.site === event.site) return { kind: 'existing', issueId: shared.issueId };
  }
  return { kind: 'create' };
}
