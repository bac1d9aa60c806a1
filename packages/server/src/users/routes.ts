import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import { principal } from '../auth/principal.js';
import { newSessionId, sha256 } from '../auth/secrets.js';
import { invites, users } from '../db/schema.js';
import { ApiError, notFound } from '../http/errors.js';
import type { Deps, Env } from '../http/deps.js';
import { idParam } from '../http/json.js';
import { readBody } from '../http/schema.js';
import { sendInviteEmail } from './invite-email.js';
import { InviteBody, RoleBody } from './schemas.js';
import { activeUser, checkOwnerChange, keepAnOwner, removeUser, userJson } from './service.js';

const INVITE_TTL_MS = 7 * 24 * 3_600_000;

const inviteJson = (i: typeof invites.$inferSelect) => ({
  id: i.id,
  email: i.email,
  role: i.role,
  created_at: i.createdAt.toISOString(),
  expires_at: i.expiresAt.toISOString(),
});

/** Members: list, invite, change a role, remove (api.md, "Members and keys"). */
export function userRoutes(deps: Deps) {
  const app = new Hono<Env>();
  const { db, config } = deps;
  const baseUrl = (url: string) => (config.publicUrl ?? new URL(url).origin).replace(/\/+$/, '');

  app.get('/users', async (c) => {
    const rows = await db.select().from(users).where(isNull(users.removedAt)).orderBy(asc(users.id));
    return c.json({ users: rows.map(userJson) });
  });

  app.get('/users/invites', async (c) => {
    const rows = await db
      .select()
      .from(invites)
      .where(and(isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, config.now())))
      .orderBy(asc(invites.id));
    return c.json({ invites: rows.map(inviteJson) });
  });

  app.post('/users/invites', async (c) => {
    const p = principal(c);
    const { email, role } = await readBody(c, InviteBody);
    checkOwnerChange(p.role, role);
    const now = config.now();
    const token = newSessionId();
    const invite = await db.transaction(async (tx) => {
      const [member] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.email, email), isNull(users.removedAt)));
      if (member) throw new ApiError('conflict', `${email} is already a member`);
      // a new invite replaces an open one: only the latest link works
      await tx
        .update(invites)
        .set({ revokedAt: now })
        .where(and(eq(invites.email, email), isNull(invites.acceptedAt), isNull(invites.revokedAt)));
      const [row] = await tx
        .insert(invites)
        .values({
          tokenHash: sha256(token),
          email,
          role,
          invitedBy: p.userId,
          createdAt: now,
          expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
        })
        .returning();
      return row!;
    });
    const inviteUrl = `${baseUrl(c.req.url)}/invite/${token}`;
    const emailed = await sendInviteEmail(config, { to: email, url: inviteUrl, by: p.email, role });
    return c.json({ ...inviteJson(invite), invite_url: inviteUrl, emailed }, 201);
  });

  app.delete('/users/invites/:inviteId', async (c) => {
    const id = idParam(c, 'inviteId', 'invite');
    const done = await db
      .update(invites)
      .set({ revokedAt: config.now() })
      .where(and(eq(invites.id, id), isNull(invites.acceptedAt), isNull(invites.revokedAt)))
      .returning({ id: invites.id });
    if (!done.length) throw notFound('invite');
    return c.body(null, 204);
  });

  app.patch('/users/:userId', async (c) => {
    const p = principal(c);
    const { role } = await readBody(c, RoleBody);
    const user = await db.transaction(async (tx) => {
      const user = await activeUser(tx, idParam(c, 'userId', 'user'));
      checkOwnerChange(p.role, user.role, role);
      if (role !== 'owner') await keepAnOwner(tx, user);
      const [row] = await tx.update(users).set({ role }).where(eq(users.id, user.id)).returning();
      return row!;
    });
    // sessions and tokens read the role on every request: the change applies to the next one
    return c.json(userJson(user));
  });

  app.delete('/users/:userId', async (c) => {
    const p = principal(c);
    await db.transaction(async (tx) => {
      const user = await activeUser(tx, idParam(c, 'userId', 'user'));
      checkOwnerChange(p.role, user.role);
      await keepAnOwner(tx, user);
      await removeUser(tx, user, config.now());
    });
    return c.body(null, 204);
  });

  return app;
}
