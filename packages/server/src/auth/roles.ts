// Roles of users (api.md, "Members and keys") and what each may do, as token scopes: a session acts
// with its role's scope, a token with the smaller of its own scopes and its creator's role.

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const SCOPES = ['admin', 'project:write', 'project:read'] as const;
export type Scope = (typeof SCOPES)[number];

/** owner and admin: everything; member: triage (read, resolve, assign, comment, deploys, source maps); viewer: read. */
export const ROLE_SCOPE: Record<Role, Scope> = {
  owner: 'admin',
  admin: 'admin',
  member: 'project:write',
  viewer: 'project:read',
};

const RANK: Record<Scope, number> = { 'project:read': 1, 'project:write': 2, admin: 3 };

/** Whether holding `held` grants `needed` (admin implies write implies read). */
export const grants = (held: Scope, needed: Scope) => RANK[held] >= RANK[needed];

/** The scopes a token really has while its creator holds `role`: each capped at the role's scope. */
export function capScopes(scopes: readonly Scope[], role: Role | null): Scope[] {
  if (role === null) return [...scopes];
  const cap = ROLE_SCOPE[role];
  return [...new Set(scopes.map((s) => (grants(cap, s) ? s : cap)))];
}
