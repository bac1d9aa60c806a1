import * as v from 'valibot';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../auth/password-policy.js';
import { ROLES } from '../auth/roles.js';
import { text, timeOut } from '../http/schema.js';

// What the member routes accept and answer (api.md, "Members and keys").

const ROLE_MESSAGE = `must be one of ${ROLES.join(', ')}`;
export const role = v.picklist(ROLES, ROLE_MESSAGE);

export const email = v.pipe(
  v.string('must be an email address'),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(254, 'must be an email address'),
  v.email('must be an email address'),
);

/** A new password: long enough and not a common one (auth/password-policy.ts). */
export const newPassword = v.pipe(
  v.string(`must be a string of at least ${MIN_PASSWORD_LENGTH} characters`),
  v.maxLength(1024, 'must be at most 1024 characters'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = passwordProblem(dataset.value);
    if (problem) addIssue({ message: `the password ${problem}` });
  }),
);

export const InviteBody = v.object({ email, role });
export const RoleBody = v.object({ role });

export const AcceptInviteBody = v.object({
  token: v.pipe(v.string('must be the token of the invite link'), v.maxLength(200)),
  password: newPassword,
  name: v.optional(text(100)),
});

export const PasswordBody = v.object({
  current_password: v.pipe(v.string('must be a string'), v.maxLength(1024)),
  new_password: newPassword,
});

export const UserResponse = v.strictObject({
  id: v.number(),
  email: v.string(),
  name: v.string(),
  role,
  created_at: timeOut,
});

export const InviteResponse = v.strictObject({
  id: v.number(),
  email: v.string(),
  role,
  created_at: timeOut,
  expires_at: timeOut,
});

/** An invite as created: its link (the only time the token is shown) and whether it was emailed. */
export const NewInviteResponse = v.strictObject({
  ...InviteResponse.entries,
  invite_url: v.string(),
  emailed: v.boolean(),
});

/** What the accept page shows before a password is chosen. */
export const InviteInfoResponse = v.strictObject({ email: v.string(), role, expires_at: timeOut });
