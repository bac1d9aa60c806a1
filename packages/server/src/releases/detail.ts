import { and, desc, eq, inArray } from 'drizzle-orm';
import { issueActivity, issues, releases } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { notFound } from '../http/errors.js';
import { issueJson } from '../issues/serialize.js';
import { releaseJsons } from './list.js';
import { sortReleases } from './semver.js';

const ISSUES_SHOWN = 50;
// the releases compared to find the previous and next one: more than any page shows
const NEIGHBOURS_OF = 1000;

/**
 * The release page: the release (deploys, counts, spikes), its neighbours in release order (to
 * compare with), and the issues it opened, brought back, and resolves (resolved in this version and not
 * back since) — each list the 50 with the most events.
 */
export async function releaseDetail(db: Db, projectId: number, version: string, now: Date) {
  const all = await db
    .select()
    .from(releases)
    .where(eq(releases.projectId, projectId))
    .orderBy(desc(releases.lastSeen))
    .limit(NEIGHBOURS_OF);
  let row = all.find((r) => r.version === version);
  if (!row) {
    // a release seen long ago, beyond the ones compared: still shown, without neighbours
    [row] = await db
      .select()
      .from(releases)
      .where(and(eq(releases.projectId, projectId), eq(releases.version, version)))
      .limit(1);
    if (!row) throw notFound('release');
  }
  const ordered = sortReleases(all);
  const at = ordered.findIndex((r) => r.version === version);

  const regressedIds = db
    .selectDistinct({ id: issueActivity.issueId })
    .from(issueActivity)
    .where(
      and(
        eq(issueActivity.projectId, projectId),
        eq(issueActivity.kind, 'regressed'),
        eq(issueActivity.release, version),
      ),
    );
  const top = (where: ReturnType<typeof and>) =>
    db.select().from(issues).where(where).orderBy(desc(issues.count), desc(issues.id)).limit(ISSUES_SHOWN);
  const live = eq(issues.projectId, projectId);
  const [[release], opened, regressed, resolved] = await Promise.all([
    releaseJsons(db, projectId, [row]),
    top(and(live, eq(issues.firstRelease, version))),
    top(and(live, inArray(issues.id, regressedIds))),
    top(and(live, eq(issues.resolvedInRelease, version))),
  ]);
  const json = (list: typeof opened) =>
    list.filter((i) => i.mergedInto === null).map((i) => issueJson(i, now));
  return {
    release: release!,
    // newest first, so the previous release is the next one in the list
    previous: at >= 0 ? (ordered[at + 1]?.version ?? null) : null,
    next: at > 0 ? (ordered[at - 1]?.version ?? null) : null,
    new_issues: json(opened),
    regressed_issues: json(regressed),
    resolved_issues: json(resolved),
  };
}
