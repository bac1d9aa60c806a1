import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { newPublicKey } from '../auth/secrets.js';
import { alertRules, projectKeys, projects, type Project } from '../db/schema.js';
import type { Db } from '../db/types.js';
import type { Tx } from '../db/rows.js';

export interface ProjectWithKey extends Project {
  publicKey: string;
}

export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'project'
  );
}

export async function createProject(
  db: Db | Tx,
  name: string,
  slug = slugify(name),
): Promise<ProjectWithKey | null> {
  const [project] = await db.insert(projects).values({ name, slug }).onConflictDoNothing().returning();
  if (!project) return null;
  const publicKey = newPublicKey();
  await db.insert(projectKeys).values({ projectId: project.id, publicKey });
  // alerting starts on: it sends as soon as a channel is added to this rule
  await db.insert(alertRules).values({
    projectId: project.id,
    name: 'New issues, regressions, bad deploys',
    triggers: ['new_issue', 'regression', 'deploy_bad'],
    channelIds: [],
  });
  return { ...project, publicKey };
}

/** Projects with their first active public key, optionally limited to some ids. */
export async function listProjects(db: Db, ids: number[] | null): Promise<ProjectWithKey[]> {
  const rows = await db
    .select({ project: projects, publicKey: projectKeys.publicKey })
    .from(projects)
    .leftJoin(projectKeys, and(eq(projectKeys.projectId, projects.id), isNull(projectKeys.revokedAt)))
    .where(
      and(
        isNull(projects.deletedAt),
        ids === null ? undefined : inArray(projects.id, ids.length ? ids : [-1]),
      ),
    )
    .orderBy(asc(projects.id), asc(projectKeys.id));
  const seen = new Map<number, ProjectWithKey>();
  for (const r of rows)
    if (!seen.has(r.project.id)) seen.set(r.project.id, { ...r.project, publicKey: r.publicKey ?? '' });
  return [...seen.values()];
}

export function dsn(baseUrl: string, publicKey: string, projectId: number): string {
  const url = new URL(baseUrl);
  return `${url.protocol}//${publicKey}@${url.host}${url.pathname.replace(/\/+$/, '')}/${projectId}`;
}

export function projectJson(
  p: ProjectWithKey,
  baseUrl: string,
  defaults: { retentionDays: number; maxEvents: number },
) {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    public_key: p.publicKey,
    dsn: dsn(baseUrl, p.publicKey, p.id),
    created_at: p.createdAt.toISOString(),
    settings: p.settings,
    /** days its events are kept (its own setting, or the instance's) */
    retention_days: p.retentionDays ?? defaults.retentionDays,
    /** stored events it keeps at most (its own setting, or the instance's) */
    max_events: p.maxEvents ?? defaults.maxEvents,
  };
}
