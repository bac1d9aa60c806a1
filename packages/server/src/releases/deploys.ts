import { and, desc, eq, sql } from 'drizzle-orm';
import { deploys, issueActivity, issues, projects, releases, type Deploy } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { transitions } from '../issues/lifecycle.js';
import { badRequest } from '../http/errors.js';
import type { DeployBody } from './schemas.js';

export interface DeployInput {
  release: string;
  environment: string;
  revision: string | null;
  url: string | null;
  deployer: string | null;
  startedAt: Date;
  finishedAt: Date;
}

/** A deploy as api.md describes it: started_at and finished_at default to now. */
export function deployInput(body: DeployBody, now: Date): DeployInput {
  const finishedAt = body.finished_at ?? now;
  const startedAt = body.started_at ?? finishedAt;
  if (startedAt > finishedAt) throw badRequest('started_at must not be after finished_at');
  const { release, environment, revision, url, deployer } = body;
  return { release, environment, revision, url, deployer, startedAt, finishedAt };
}

/**
 * Records a deploy: its release exists from then on, and, when the project asks for it, the issues
 * open in that environment are resolved (a new event reopens them as regressions).
 */
export async function createDeploy(
  db: Db,
  projectId: number,
  input: DeployInput,
  now: Date,
): Promise<Deploy> {
  return db.transaction(async (tx) => {
    const [deploy] = await tx
      .insert(deploys)
      .values({ projectId, ...input })
      .returning();
    await tx
      .insert(releases)
      .values({ projectId, version: input.release, firstSeen: input.startedAt, lastSeen: input.startedAt })
      .onConflictDoNothing();
    const [project] = await tx
      .select({ settings: projects.settings })
      .from(projects)
      .where(eq(projects.id, projectId));
    if (project?.settings.auto_resolve_on_deploy) {
      const resolved = await tx
        .update(issues)
        .set(transitions.autoResolveOnDeploy(now) as typeof issues.$inferInsert)
        .where(
          and(
            eq(issues.projectId, projectId),
            eq(issues.status, 'unresolved'),
            sql`exists (select 1 from issue_tag_values t where t.project_id = ${issues.projectId}
                        and t.issue_id = ${issues.id} and t.key = 'environment' and t.value = ${input.environment})`,
          ),
        )
        .returning({ id: issues.id });
      if (resolved.length) {
        await tx.insert(issueActivity).values(
          resolved.map((r) => ({
            projectId,
            issueId: r.id,
            kind: 'resolved' as const,
            at: now,
            actor: `deploy ${deploy!.id}`,
            release: input.release,
          })),
        );
      }
    }
    return deploy!;
  });
}

export async function listDeploys(db: Db, projectId: number, environment: string | undefined, limit: number) {
  return db
    .select()
    .from(deploys)
    .where(
      and(eq(deploys.projectId, projectId), environment ? eq(deploys.environment, environment) : undefined),
    )
    .orderBy(desc(deploys.finishedAt), desc(deploys.id))
    .limit(limit);
}

export function deployJson(d: Deploy) {
  return {
    id: d.id,
    project_id: d.projectId,
    release: d.release,
    environment: d.environment,
    revision: d.revision,
    url: d.url,
    deployer: d.deployer,
    started_at: d.startedAt.toISOString(),
    finished_at: d.finishedAt.toISOString(),
    created_at: d.createdAt.toISOString(),
  };
}
