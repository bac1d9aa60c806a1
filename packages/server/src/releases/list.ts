import { and, desc, eq, gte, inArray } from 'drizzle-orm';
import { deploys, releases, spikes, type ReleaseRow } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { deployJson } from './deploys.js';
import { sortReleases } from './semver.js';
import { spikeJson } from './spikes.js';

/** A project's releases (the 100 seen last), newest first by semver or first seen, with deploys and spikes. */
export async function listReleases(db: Db, projectId: number) {
  const rows = await db
    .select()
    .from(releases)
    .where(eq(releases.projectId, projectId))
    .orderBy(desc(releases.lastSeen))
    .limit(100);
  return releaseJsons(db, projectId, sortReleases(rows));
}

/** Releases as the API shows them, in the order given, each with its deploys and spikes. */
export async function releaseJsons(db: Db, projectId: number, rows: ReleaseRow[]) {
  if (!rows.length) return [];
  const versions = rows.map((r) => r.version);
  const first = new Date(Math.min(...rows.map((r) => r.firstSeen.getTime())));
  const [deployRows, spikeRows] = await Promise.all([
    db
      .select()
      .from(deploys)
      .where(and(eq(deploys.projectId, projectId), inArray(deploys.release, versions)))
      .orderBy(desc(deploys.finishedAt)),
    db
      .select()
      .from(spikes)
      .where(and(eq(spikes.projectId, projectId), gte(spikes.windowStart, first)))
      .orderBy(desc(spikes.windowStart))
      .limit(1000),
  ]);
  return rows.map((r) => ({
    version: r.version,
    first_seen: r.firstSeen.toISOString(),
    last_seen: r.lastSeen.toISOString(),
    event_count: r.eventCount,
    new_issues: r.newIssues,
    regressed_issues: r.regressedIssues,
    deploys: deployRows.filter((d) => d.release === r.version).map(deployJson),
    // spikes while this release was the one seen
    spikes: spikeRows
      .filter((s) => s.windowStart >= r.firstSeen && s.windowStart <= r.lastSeen)
      .slice(0, 20)
      .map(spikeJson),
  }));
}

export async function issueSpikes(db: Db, projectId: number, issueId: number) {
  const rows = await db
    .select()
    .from(spikes)
    .where(and(eq(spikes.projectId, projectId), eq(spikes.issueId, issueId)))
    .orderBy(desc(spikes.windowStart))
    .limit(20);
  return rows.map(spikeJson);
}
