import { and, count, eq, isNull, ne, sql } from 'drizzle-orm';
import { revokeTokenTree } from '../auth/tokens.js';
import { issues, sessions, users, type User } from '../db/schema.js';
import type { Tx } from '../db/rows.js';
import type { Db } from '../db/types.js';
import { ApiError, notFound } from '../http/errors.js';
import type { Role } from '../auth/roles.js';

export const userJson = (u: User) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  created_at: u.createdAt.toISOString(),
});

export async function activeUser(db: Db | Tx, id: number): Promise<User> {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), isNull(users.removedAt)))
    .limit(1);
  if (!user) throw notFound('user');
  return user;
}

/**
 * 409 when `user` is the last owner and would stop being one: an instance always keeps an owner. Holds
 * a transaction lock, so two owners demoting each other at once cannot both succeed.
 */
export async function keepAnOwner(tx: Tx, user: User): Promise<void> {
  if (user.role !== 'owner') return;
  await tx.execute(sql`select pg_advisory_xact_lock(872343)`);
  const [others] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'owner'), isNull(users.removedAt), ne(users.id, user.id)));
  if (!others!.n)
    throw new ApiError('conflict', `${user.email} is the last owner; make someone else owner first`);
}

/** Only an owner may make an owner or change what an owner is. */
export function checkOwnerChange(callerRole: Role | null, target: Role, next?: Role): void {
  if ((target === 'owner' || next === 'owner') && callerRole !== 'owner' && callerRole !== null) {
    throw new ApiError('forbidden', 'only an owner can grant, change or remove the owner role');
  }
}

/**
 * Removes a user: their sessions end and their tokens (with the tokens those made) are revoked in the
 * same transaction, so nothing they hold works a moment later; their issues become unassigned. The row
 * stays (marked removed) so their comments and history still say who it was.
 */
export async function removeUser(tx: Tx, user: User, now: Date): Promise<void> {
  await tx.update(users).set({ removedAt: now }).where(eq(users.id, user.id));
  await tx.delete(sessions).where(eq(sessions.userId, user.id));
  await revokeTokenTree(tx, sql`created_by = ${user.id}`, now);
  await tx.update(issues).set({ assignee: null }).where(eq(issues.assignee, user.email));
}
