import { releaseKey } from '../releases/semver.js';
import { sql } from 'drizzle-orm';
import { unnest } from '../db/bulk.js';
import { issueActivity, issues } from '../db/schema.js';
import { rowsOf, type Tx } from '../db/rows.js';
import { resolveIssue } from '../grouping/resolve.js';
import type { IncomingEvent } from '../ingest/normalize.js';

export interface Placement {
  issueId: number;
  /** this batch created the issue */
  created: boolean;
}

const key = (projectId: number, hash: string) => `${projectId}:${hash}`;
const CACHE_MAX = 50_000;

/**
 * Finds the issue of every event. Hash → issue mappings never change once made (a merge will add
 * mappings, not move them; retention removes whole issues, which the writer notices), so each process
 * caches them: in the steady state an event's issue is
 * known without asking the database. Unknown hashes go through placeEvents in a transaction, and
 * what it learned is cached only once that transaction has committed.
 */
export function createPlacer() {
  const cache = new Map<string, number>();
  return {
    /** forgets every mapping (an issue they led to may be gone) */
    clear(): void {
      cache.clear();
    },
    placeFromCache(events: IncomingEvent[]): Placement[] | null {
      const out: Placement[] = [];
      for (const e of events) {
        const issueId = cache.get(key(e.projectId, e.group.fingerprint));
        if (issueId === undefined) return null;
        out.push({ issueId, created: false });
      }
      return out;
    },
    async place(tx: Tx, events: IncomingEvent[]): Promise<{ placements: Placement[]; commit(): void }> {
      const placements = await placeEvents(tx, events);
      return {
        placements,
        commit() {
          if (cache.size > CACHE_MAX) cache.clear();
          events.forEach((e, i) => cache.set(key(e.projectId, e.group.fingerprint), placements[i]!.issueId));
        },
      };
    },
  };
}

/**
 * Finds or creates the issue of every event (grouping/resolve.ts decides). New issues get temporary
 * negative ids first, so later events of the same batch join them; creation is an upsert on
 * (project_id, fingerprint), so two processes creating the same issue at once end with one.
 */
async function placeEvents(tx: Tx, events: IncomingEvent[]): Promise<Placement[]> {
  const wanted = new Map<string, [number, string]>();
  for (const e of events) {
    for (const h of [e.group.fingerprint, e.group.fallback])
      if (h) wanted.set(key(e.projectId, h), [e.projectId, h]);
  }
  const found = await rowsOf<{ project_id: number; hash: string; issue_id: number; site: string | null }>(
    tx,
    sql`select h.project_id, h.hash, h.issue_id, i.site
        from ${unnest([
          [[...wanted.values()].map(([p]) => p), 'int'],
          [[...wanted.values()].map(([, h]) => h), 'text'],
        ])} as w(p, h)
        join issue_hashes h on h.project_id = w.p and h.hash = w.h
        join issues i on i.id = h.issue_id`,
  );
  const hashes = new Map(found.map((r) => [key(r.project_id, r.hash), r.issue_id]));
  const sites = new Map(found.map((r) => [r.issue_id, r.site]));
  const newHashes = new Map<string, { projectId: number; hash: string; issueId: number }>();
  const creations: IncomingEvent[] = [];
  const claims = new Map<number, string>();

  const ids = events.map((e) => {
    const r = resolveIssue(e.group, (h) => {
      const issueId = hashes.get(key(e.projectId, h));
      return issueId === undefined ? undefined : { issueId, site: sites.get(issueId) ?? null };
    });
    let id: number;
    if (r.kind === 'create') {
      id = -creations.push(e);
      sites.set(id, e.group.site);
    } else {
      id = r.issueId;
      if (r.kind === 'claim') {
        sites.set(id, r.site);
        if (id > 0) claims.set(id, r.site);
      }
    }
    for (const h of [e.group.fingerprint, e.group.fallback]) {
      if (h && !hashes.has(key(e.projectId, h))) {
        hashes.set(key(e.projectId, h), id);
        newHashes.set(key(e.projectId, h), { projectId: e.projectId, hash: h, issueId: id });
      }
    }
    return id;
  });

  if (claims.size) {
    await tx.execute(sql`update issues set site = v.site
      from ${unnest([
        [[...claims.keys()], 'int'],
        [[...claims.values()], 'text'],
      ])} as v(id, site)
      where issues.id = v.id and issues.site is null`);
  }

  const real = new Map<number, { id: number; created: boolean }>();
  if (creations.length) {
    const order = creations.map((e, i) => ({ e, temp: -(i + 1) }));
    order.sort(
      (a, b) => a.e.projectId - b.e.projectId || (a.e.group.fingerprint < b.e.group.fingerprint ? -1 : 1),
    );
    const rows = await tx
      .insert(issues)
      .values(order.map(({ e }) => newIssueRow(e)))
      .onConflictDoUpdate({
        target: [issues.projectId, issues.fingerprint],
        set: { site: sql`coalesce(${issues.site}, excluded.site)` },
      })
      .returning({
        id: issues.id,
        projectId: issues.projectId,
        fingerprint: issues.fingerprint,
        created: sql<boolean>`(xmax = 0)`,
      });
    const byFingerprint = new Map(rows.map((r) => [key(r.projectId, r.fingerprint), r]));
    const firstSeen: Array<typeof issueActivity.$inferInsert> = [];
    for (const { e, temp } of order) {
      const row = byFingerprint.get(key(e.projectId, e.group.fingerprint))!;
      real.set(temp, { id: row.id, created: row.created });
      if (row.created) {
        firstSeen.push({
          projectId: e.projectId,
          issueId: row.id,
          kind: 'first_seen',
          at: e.timestamp,
          release: e.event.release,
        });
      }
    }
    if (firstSeen.length) await tx.insert(issueActivity).values(firstSeen);
  }
  const resolveId = (id: number) => (id < 0 ? real.get(id)! : { id, created: false });

  if (newHashes.size) {
    const rows = [...newHashes.values()]
      .map((h) => ({ projectId: h.projectId, hash: h.hash, issueId: resolveId(h.issueId).id }))
      .sort((a, b) => a.projectId - b.projectId || (a.hash < b.hash ? -1 : 1));
    await tx.execute(sql`insert into issue_hashes (project_id, hash, issue_id)
      select * from ${unnest([
        [rows.map((r) => r.projectId), 'int'],
        [rows.map((r) => r.hash), 'text'],
        [rows.map((r) => r.issueId), 'int'],
      ])} on conflict do nothing`);
  }
  return ids.map((id) => {
    const r = resolveId(id);
    return { issueId: r.id, created: r.created };
  });
}

function newIssueRow(e: IncomingEvent): typeof issues.$inferInsert {
  const g = e.group;
  return {
    projectId: e.projectId,
    fingerprint: g.fingerprint,
    site: g.site,
    groupingVersion: g.grouping.version,
    grouping: g.grouping,
    title: g.title,
    culprit: g.culprit,
    type: g.type,
    value: g.value,
    level: e.event.level,
    platform: e.event.platform,
    firstSeen: e.timestamp,
    lastSeen: e.timestamp,
    firstRelease: e.event.release,
    lastRelease: e.event.release,
    lastReleaseKey: releaseKey(e.event.release),
  };
}
