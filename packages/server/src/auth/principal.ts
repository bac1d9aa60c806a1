import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { apiTokens, sessions, users } from '../db/schema.js';
import { ApiError } from '../http/errors.js';
import type { Deps, Env } from '../http/deps.js';
import { sha256 } from './secrets.js';

export const SCOPES = ['admin', 'project:write', 'project:read'] as const;
export type Scope = (typeof SCOPES)[number];
export const SESSION_COOKIE = 'faultline_session';

/** Who is calling: an API token or a logged-in user. Public keys never become a Principal. */
export interface Principal {
  kind: 'token' | 'session';
  userId: number | null;
  tokenId: number | null;
  email: string | null;
  scopes: Scope[];
  /** null: every project */
  projectIds: number[] | null;
}

const IMPLIES: Record<Scope, Scope[]> = {
  admin: ['admin', 'project:write', 'project:read'],
  'project:write': ['project:write', 'project:read'],
  'project:read': ['project:read'],
};

export function hasScope(p: Principal, scope: Scope): boolean {
  return p.scopes.some((s) => IMPLIES[s].includes(scope));
}

export function canAccessProject(p: Principal, projectId: number): boolean {
  return p.projectIds === null || p.projectIds.includes(projectId);
}

async function authenticate(c: Context<Env>, deps: Deps): Promise<Principal | null> {
  const header = c.req.header('authorization');
  const now = deps.config.now();
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return null;
    const [token] = await deps.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, sha256(match[1]!)), isNull(apiTokens.revokedAt)))
      .limit(1);
    if (!token) return null;
    // when a token was last used (shown with the tokens), written at most once a minute per token; a
    // failed write must not fail the request it describes
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= 60_000) {
      void deps.db
        .update(apiTokens)
        .set({ lastUsedAt: now })
        .where(eq(apiTokens.id, token.id))
        .catch(() => {});
    }
    return {
      kind: 'token',
      userId: token.createdBy,
      tokenId: token.id,
      email: null,
      scopes: token.scopes.filter((s): s is Scope => (SCOPES as readonly string[]).includes(s)),
      projectIds: token.projectIds,
    };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) return null;
  const [row] = await deps.db
    .select({ userId: users.id, email: users.email, isAdmin: users.isAdmin })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sha256(cookie)), gt(sessions.expiresAt, now)))
    .limit(1);
  if (!row) return null;
  return {
    kind: 'session',
    userId: row.userId,
    tokenId: null,
    email: row.email,
    scopes: row.isAdmin ? ['admin'] : ['project:write'],
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

/** The caller, when it holds `scope` (and may see `projectId`); else 401/403. */
export async function requireAccess(
  c: Context<Env>,
  deps: Deps,
  scope: Scope,
  projectId?: number,
): Promise<Principal> {
  const p = await principalOf(c, deps);
  if (!hasScope(p, scope)) throw new ApiError('forbidden', `this needs the "${scope}" scope`);
  if (projectId !== undefined && !canAccessProject(p, projectId)) {
    throw new ApiError('forbidden', `no access to project ${projectId}`);
  }
  return p;
}
