import { and, asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { hasScope, principal } from '../auth/principal.js';
import { issueComments, issues, users } from '../db/schema.js';
import { ApiError, notFound } from '../http/errors.js';
import type { Deps, Env } from '../http/deps.js';
import { idParam } from '../http/json.js';
import { readBody } from '../http/schema.js';
import { CommentBody } from './schemas.js';

const COLUMNS = {
  comment: issueComments,
  author: { id: users.id, email: users.email, name: users.name },
};

const commentJson = (r: {
  comment: typeof issueComments.$inferSelect;
  author: { id: number; email: string; name: string } | null;
}) => ({
  id: r.comment.id,
  author: r.author,
  text: r.comment.text,
  created_at: r.comment.createdAt.toISOString(),
});

/** Comments on an issue: plain text (the UI renders it as text, links made clickable), author and time. */
export function commentRoutes(deps: Deps) {
  const app = new Hono<Env>();
  const { db, config } = deps;
  const base = '/projects/:projectId/issues/:issueId/comments';

  const issueOf = async (c: Parameters<typeof idParam>[0]) => {
    const projectId = idParam(c, 'projectId', 'project');
    const [issue] = await db
      .select({ id: issues.id })
      .from(issues)
      .where(and(eq(issues.projectId, projectId), eq(issues.id, idParam(c, 'issueId', 'issue'))));
    if (!issue) throw notFound('issue');
    return { projectId, issueId: issue.id };
  };

  app.get(base, async (c) => {
    const { projectId, issueId } = await issueOf(c);
    const rows = await db
      .select(COLUMNS)
      .from(issueComments)
      .leftJoin(users, eq(users.id, issueComments.authorId))
      .where(and(eq(issueComments.projectId, projectId), eq(issueComments.issueId, issueId)))
      .orderBy(asc(issueComments.createdAt), asc(issueComments.id))
      .limit(500);
    return c.json({ comments: rows.map(commentJson) });
  });

  app.post(base, async (c) => {
    const p = principal(c);
    // a comment says who wrote it: a token that no user created (FAULTLINE_ADMIN_TOKEN) has no one
    if (p.userId === null)
      throw new ApiError('forbidden', 'comments need a user: use a session or a token a user created');
    const { projectId, issueId } = await issueOf(c);
    const { text } = await readBody(c, CommentBody);
    const [comment] = await db
      .insert(issueComments)
      .values({ projectId, issueId, authorId: p.userId, text, createdAt: config.now() })
      .returning();
    const [author] = await db.select(COLUMNS.author).from(users).where(eq(users.id, p.userId));
    return c.json(commentJson({ comment: comment!, author: author ?? null }), 201);
  });

  app.delete(`${base}/:commentId`, async (c) => {
    const p = principal(c);
    const { projectId, issueId } = await issueOf(c);
    const id = idParam(c, 'commentId', 'comment');
    const [comment] = await db
      .select()
      .from(issueComments)
      .where(
        and(
          eq(issueComments.projectId, projectId),
          eq(issueComments.issueId, issueId),
          eq(issueComments.id, id),
        ),
      );
    if (!comment) throw notFound('comment');
    if (comment.authorId !== p.userId && !hasScope(p, 'admin'))
      throw new ApiError('forbidden', 'only its author or an admin can delete a comment');
    await db
      .delete(issueComments)
      .where(and(eq(issueComments.projectId, projectId), eq(issueComments.id, id)));
    return c.body(null, 204);
  });

  return app;
}
