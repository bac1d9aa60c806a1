import * as v from 'valibot';
import { admin, created, instanceAdmin, noContent, ok, read, write } from './api-docs-common.js';
import type { RouteDoc } from './http/openapi.js';
import { CommentBody, CommentResponse } from './issues/schemas.js';
import { KeyBody, KeyResponse } from './projects/schemas.js';
import {
  AcceptInviteBody,
  InviteBody,
  InviteInfoResponse,
  InviteResponse,
  NewInviteResponse,
  PasswordBody,
  RoleBody,
  UserResponse,
} from './users/schemas.js';

// The routes of "Members and keys" (api.md) in the route table of api-docs.ts.

export const TEAM_ROUTE_DOCS: RouteDoc[] = [
  // ---- members ----
  {
    method: 'get',
    path: '/api/users',
    tag: 'members',
    summary: 'List the members (for the assignee picker too)',
    access: read,
    response: ok('{"users": [...]}', v.strictObject({ users: v.array(UserResponse) })),
  },
  {
    method: 'get',
    path: '/api/users/invites',
    tag: 'members',
    summary: 'Invites not yet accepted, revoked or expired',
    access: instanceAdmin,
    response: ok('{"invites": [...]}', v.strictObject({ invites: v.array(InviteResponse) })),
  },
  {
    method: 'post',
    path: '/api/users/invites',
    tag: 'members',
    summary: 'Invite someone: a one-use link valid 7 days (also emailed when SMTP is configured)',
    description: 'Only an owner can invite an owner. Inviting an existing member is a 409.',
    access: instanceAdmin,
    body: InviteBody,
    response: created('the invite, with its link (shown only here)', NewInviteResponse),
  },
  {
    method: 'delete',
    path: '/api/users/invites/:inviteId',
    tag: 'members',
    summary: 'Revoke an invite',
    access: instanceAdmin,
    response: noContent,
  },
  {
    method: 'patch',
    path: '/api/users/:userId',
    tag: 'members',
    summary: "Change a member's role (applies to their sessions and tokens at once)",
    description: 'Only an owner can grant or take the owner role; the last owner stays owner (409).',
    access: instanceAdmin,
    body: RoleBody,
    response: ok('the member', UserResponse),
  },
  {
    method: 'delete',
    path: '/api/users/:userId',
    tag: 'members',
    summary: 'Remove a member: their sessions end and their tokens are revoked at once',
    access: instanceAdmin,
    response: noContent,
  },
  {
    method: 'get',
    path: '/api/auth/invites/:token',
    tag: 'members',
    summary: 'What an invite link is for (the accept page)',
    access: { auth: 'none' },
    response: ok('the invite', InviteInfoResponse),
  },
  {
    method: 'post',
    path: '/api/auth/accept-invite',
    tag: 'members',
    summary: 'Accept an invite: set a password, and log in',
    description: 'The password needs 10 characters or more and must not be a common one.',
    access: { auth: 'none' },
    body: AcceptInviteBody,
    response: { status: 204, description: 'logged in (session cookie)' },
  },
  {
    method: 'post',
    path: '/api/auth/password',
    tag: 'members',
    summary: 'Change your password (your other sessions end)',
    access: { auth: 'session_or_token', scope: 'any', session: true },
    body: PasswordBody,
    response: noContent,
  },

  // ---- project keys ----
  {
    method: 'get',
    path: '/api/projects/:projectId/keys',
    tag: 'projects',
    summary: "The project's public keys (DSNs), revoked ones included, with 24-hour usage",
    access: read,
    response: ok('{"keys": [...]}', v.strictObject({ keys: v.array(KeyResponse) })),
  },
  {
    method: 'post',
    path: '/api/projects/:projectId/keys',
    tag: 'projects',
    summary: 'Add a public key (to rotate one: add, deploy, revoke the old)',
    access: admin,
    body: KeyBody,
    response: created('the key', KeyResponse),
  },
  {
    method: 'delete',
    path: '/api/projects/:projectId/keys/:keyId',
    tag: 'projects',
    summary: 'Revoke a public key: its events get 401 (within 5 s in every process)',
    access: admin,
    response: noContent,
  },

  // ---- comments ----
  {
    method: 'get',
    path: '/api/projects/:projectId/issues/:issueId/comments',
    tag: 'issues',
    summary: "An issue's comments, oldest first",
    access: read,
    response: ok('{"comments": [...]}', v.strictObject({ comments: v.array(CommentResponse) })),
  },
  {
    method: 'post',
    path: '/api/projects/:projectId/issues/:issueId/comments',
    tag: 'issues',
    summary: 'Comment on an issue (plain text, at most 10,000 characters)',
    access: write,
    body: CommentBody,
    response: created('the comment', CommentResponse),
  },
  {
    method: 'delete',
    path: '/api/projects/:projectId/issues/:issueId/comments/:commentId',
    tag: 'issues',
    summary: 'Delete a comment (its author, or an admin)',
    access: write,
    response: noContent,
  },
];
