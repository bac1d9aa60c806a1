import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { apiTokens, projects, sessions, users } from '../db/schema.js';
import { ApiError, notFound } from '../http/errors.js';
import { idParam } from '../http/json.js';
import type { Deps, Env } from '../http/deps.js';
import type { Access } from '../http/openapi.js';
import { capScopes, grants, ROLE_SCOPE, SCOPES, type Role, type Scope } from './roles.js';
import { sha256 } from './secrets.js';

export { SCOPES, type Scope } from './roles.js';
export const SESSION_COOKIE = 'faultline_session';

/** Who is calling: an API token or a logged-in user. Public keys never become a Principal. */
export interface Principal {
  kind: 'token' | 'session';
  /** the user, or the user who created the token (null: a bootstrap/environment token) */
  userId: number | null;
  tokenId: number | null;
  email: string | null;
  /** the user's role (for a token: its creator's), null for a token no user created */
  role: Role | null;
  /** what the caller may do now: a session's role, a token's scopes capped by its creator's role */
  scopes: Scope[];
  /** null: every project */
  projectIds: number[] | null;
}

export const hasScope = (p: Principal, scope: Scope) => p.scopes.some((s) => grants(s, scope));

export function canAccessProject(p: Principal, projectId: number): boolean {
  return p.projectIds === null || p.projectIds.includes(projectId);
}

async function authenticate(c: Context<Env>, deps: Deps): Promise<Principal | null> {
  const header = c.req.header('authorization');
  const now = deps.config.now();
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return null;
    const [row] = await deps.db
      .select({ token: apiTokens, role: users.role, email: users.email, removedAt: users.removedAt })
      .from(apiTokens)
      .leftJoin(users, eq(users.id, apiTokens.createdBy))
      .where(and(eq(apiTokens.tokenHash, sha256(match[1]!)), isNull(apiTokens.revokedAt)))
      .limit(1);
    // a removed user's tokens are revoked with them; this covers a token written in between
    if (!row || row.removedAt) return null;
    const { token } = row;
    // when a token was last used (shown with the tokens), written at most once a minute per token; a
    // failed write must not fail the request it describes
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= 60_000) {
      void deps.db
        .update(apiTokens)
        .set({ lastUsedAt: now })
        .where(eq(apiTokens.id, token.id))
        .catch(() => {});
    }
    const scopes = token.scopes.filter((s): s is Scope => (SCOPES as readonly string[]).includes(s));
    return {
      kind: 'token',
      userId: token.createdBy,
      tokenId: token.id,
      email: row.email,
      role: row.role,
      scopes: capScopes(scopes, row.role),
      projectIds: token.projectIds,
    };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) return null;
  const [row] = await deps.db
    .select({ userId: users.id, email: users.email, role: users.role })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sha256(cookie)), gt(sessions.expiresAt, now), isNull(users.removedAt)))
    .limit(1);
  if (!row) return null;
  return {
    kind: 'session',
    userId: row.userId,
    tokenId: null,
    email: row.email,
    role: row.role,
    scopes: [ROLE_SCOPE[row.role]],
    projectIds: null,
  };
}

/** The caller, or a 401. Cached on the request. */
export async function principalOf(c: Context<Env>, deps: Deps): Promise<Principal> {
  let p = c.get('principal');
  if (p === undefined) {
    p = await authenticate(c, deps);
    c.set('principal', p);
  }
  if (!p) {
    const expired = !c.req.header('authorization') && getCookie(c, SESSION_COOKIE);
    throw new ApiError(
      'unauthorized',
      expired
        ? 'your session has expired, log in again'
        : 'authentication required: send "Authorization: Bearer <token>" or log in (a public key can only send events)',
    );
  }
  return p;
}

/** The caller of a route behind accessGuard (which has authenticated it already). */
export function principal(c: Context<Env>): Principal {
  const p = c.get('principal');
  if (!p) throw new ApiError('unauthorized', 'authentication required');
  return p;
}

/**
 * Enforces one route's access line of the route table (api-docs.ts) before its handler runs: the
 * scope, "instance" routes (users, tokens, new projects) closed to tokens limited to projects,
 * session-only routes, and for /projects/:projectId/… that the caller may see the project and that it
 * exists (403 before 404, so a limited token learns nothing about other projects).
 */
export function accessGuard(
  deps: Deps,
  access: Extract<Access, { auth: 'session_or_token' }>,
): MiddlewareHandler<Env> {
  return async (c, next) => {
    const p = await principalOf(c, deps);
    if (access.scope !== 'any' && !hasScope(p, access.scope)) {
      throw new ApiError(
        'forbidden',
        `this needs the "${access.scope}" scope${p.role ? ` (your role is ${p.role})` : ''}`,
      );
    }
    if (access.session && p.kind !== 'session') {
      throw new ApiError('forbidden', 'only a logged-in user can do this, not an API token');
    }
    if (access.instance && p.projectIds !== null) {
      throw new ApiError('forbidden', 'a token limited to projects cannot do this');
    }
    const raw = c.req.param('projectId');
    if (raw !== undefined) {
      if (!canAccessProject(p, Number(raw))) throw new ApiError('forbidden', `no access to project ${raw}`);
      const id = idParam(c, 'projectId', 'project');
      const [project] = await deps.db
        .select({ id: projects.id })
        .from(projects)
        .where(and(eq(projects.id, id), isNull(projects.deletedAt)))
        .limit(1);
      if (!project) throw notFound('project');
    }
    await next();
  };
}
