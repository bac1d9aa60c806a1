import * as v from 'valibot';
import { rowId, text } from '../http/schema.js';
import { SCOPES } from './principal.js';

// What the session and token routes accept (api.md, "Authentication").

export const LoginBody = v.object({
  email: v.pipe(v.string('must be a string'), v.maxLength(254), v.trim(), v.toLowerCase()),
  password: v.pipe(v.string('must be a string'), v.maxLength(1024)),
});

const SCOPES_MESSAGE = `must be a non-empty array of ${SCOPES.join(', ')}`;

export const TokenBody = v.object({
  name: text(100),
  scopes: v.pipe(
    v.array(v.picklist(SCOPES, SCOPES_MESSAGE), SCOPES_MESSAGE),
    v.minLength(1, SCOPES_MESSAGE),
  ),
  /** the projects the token may act in; absent or null: every project */
  project_ids: v.optional(v.nullable(v.array(rowId, 'must be an array of project ids')), null),
});
