import * as v from 'valibot';
import { rowId, text, timeOut } from '../http/schema.js';
import { ROLES, SCOPES } from './roles.js';

// What the session and token routes accept (api.md, "Authentication").

export const LoginBody = v.object({
  email: v.pipe(v.string('must be a string'), v.maxLength(254), v.trim(), v.toLowerCase()),
  password: v.pipe(v.string('must be a string'), v.maxLength(1024)),
});

const SCOPES_MESSAGE = `must be a non-empty array of ${SCOPES.join(', ')}`;

export const TokenBody = v.object({
  name: text(100),
  scopes: v.pipe(v.array(v.picklist(SCOPES, SCOPES_MESSAGE), SCOPES_MESSAGE), v.minLength(1, SCOPES_MESSAGE)),
  /** the projects the token may act in; absent or null: every project */
  project_ids: v.optional(v.nullable(v.array(rowId, 'must be an array of project ids')), null),
});

export const TokenResponse = v.strictObject({
  id: v.number(),
  name: v.string(),
  scopes: v.array(v.picklist(SCOPES)),
  project_ids: v.nullable(v.array(v.number())),
  created_at: timeOut,
  /** written at most once a minute */
  last_used_at: v.nullable(timeOut),
});

/** The token as created: the secret is shown once, here. */
export const NewTokenResponse = v.strictObject({ ...TokenResponse.entries, token: v.string() });

export const MeResponse = v.strictObject({
  kind: v.picklist(['session', 'token']),
  user: v.nullable(
    v.strictObject({ id: v.number(), email: v.string(), name: v.string(), role: v.picklist(ROLES) }),
  ),
  scopes: v.array(v.picklist(SCOPES)),
  project_ids: v.nullable(v.array(v.number())),
});
