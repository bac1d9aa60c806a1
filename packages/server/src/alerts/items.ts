import { inArray } from 'drizzle-orm';
import { alertFacts, deploys, issues, projects } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { issueJson } from '../issues/serialize.js';
import { deployJson } from '../releases/deploys.js';
import type { AlertItem } from './messages.js';

export interface DeliveryRef {
  projectId: number;
  trigger: string;
  issueId: number | null;
  deployId: number | null;
  factId: number | null;
}

/** What the deliveries are about, as they are now (an issue's count has moved on since the fact). */
export async function loadItems(
  db: Db,
  refs: DeliveryRef[],
  baseUrl: string,
  now: Date,
): Promise<AlertItem[]> {
  const ids = (pick: (r: DeliveryRef) => number | null) => [
    ...new Set(refs.flatMap((r) => (pick(r) ? [pick(r)!] : []))),
  ];
  const [projectRows, issueRows, deployRows, factRows] = await Promise.all([
    db
      .select()
      .from(projects)
      .where(
        inArray(
          projects.id,
          ids((r) => r.projectId),
        ),
      ),
    ids((r) => r.issueId).length
      ? db
          .select()
          .from(issues)
          .where(
            inArray(
              issues.id,
              ids((r) => r.issueId),
            ),
          )
      : [],
    ids((r) => r.deployId).length
      ? db
          .select()
          .from(deploys)
          .where(
            inArray(
              deploys.id,
              ids((r) => r.deployId),
            ),
          )
      : [],
    ids((r) => r.factId).length
      ? db
          .select()
          .from(alertFacts)
          .where(
            inArray(
              alertFacts.id,
              ids((r) => r.factId),
            ),
          )
      : [],
  ]);
  const project = new Map(projectRows.map((p) => [p.id, p]));
  const issue = new Map(issueRows.map((i) => [i.id, i]));
  const deploy = new Map(deployRows.map((d) => [d.id, d]));
  const fact = new Map(factRows.map((f) => [f.id, f]));
  return refs.map((r) => {
    const p = project.get(r.projectId)!;
    const f = r.factId ? fact.get(r.factId) : undefined;
    const data = (f?.data ?? {}) as Record<string, unknown>;
    const i = r.issueId ? issue.get(r.issueId) : undefined;
    const d = r.deployId ? deploy.get(r.deployId) : undefined;
    const item: AlertItem = {
      trigger: r.trigger as AlertItem['trigger'],
      project: { id: p.id, slug: p.slug, name: p.name },
      environment: f?.environment ?? d?.environment ?? null,
    };
    if (i) item.issue = { ...issueJson(i, now), url: `${baseUrl}/p/${p.id}/issues/${i.id}` };
    if (d) {
      const suspects = (data.suspects ?? []) as Array<{ id: number; title: string }>;
      item.deploy = {
        ...deployJson(d),
        verdict: String(data.verdict ?? ''),
        reason: String(data.reason ?? ''),
        url: `${baseUrl}/p/${p.id}/releases`,
        suspects: suspects.map((s) => ({ ...s, url: `${baseUrl}/p/${p.id}/issues/${s.id}` })),
      };
    }
    if (r.trigger === 'spike' && typeof data.count === 'number')
      item.detail = `${data.count} events in ${data.minutes ?? 10} minutes (${data.expected} expected)`;
    if (r.trigger === 'frequency' && typeof data.count === 'number')
      item.detail = `${data.count} events in ${data.minutes} minutes`;
    return item;
  });
}
