import * as v from 'valibot';
import { LoginBody, MeResponse, NewTokenResponse, TokenBody, TokenResponse } from './auth/schemas.js';
import { ALERT_ROUTE_DOCS } from './api-docs-alerts.js';
import { TEAM_ROUTE_DOCS } from './api-docs-teams.js';
import { admin, created, instanceAdmin, noContent, ok, read, write } from './api-docs-common.js';
import type { RouteDoc } from './http/openapi.js';
import {
  BulkUpdateBody,
  EventListQuery,
  IssueDetailQuery,
  IssueListQuery,
  IssueListResponse,
  IssueResponse,
  IssueUpdateBody,
  MergeBody,
} from './issues/schemas.js';
import {
  ProjectBody,
  ProjectResponse,
  ProjectSettingsBody,
  ProjectSettingsResponse,
} from './projects/schemas.js';
import { DeployBody, DeployListQuery, DeployResponse, StatsQuery } from './releases/schemas.js';
import { SourcemapForm, SourcemapListQuery, SourcemapResponse } from './symbolicate/schemas.js';

// Every route the server answers, as /api/openapi.json shows it, and who may call it: app.ts enforces
// each line's `access` before the route's handler runs (auth/principal.ts, accessGuard), so this table
// is the one place permissions are written. api-docs.test.ts holds this table and the routes mounted in
// app.ts to each other, and real answers to the response schemas; auth/matrix.test.ts tries every line
// as every kind of caller.

/** The version of this API (the server's package version). */
export const API_VERSION = '0.1.0';

const object = v.looseObject({});
const INGEST = 'a Faultline event (docs/api.md, "Ingest"); checked by the ingest validator, not a schema';

export const ROUTE_DOCS: RouteDoc[] = [
  // ---- ingest (public key) ----
  {
    method: 'post',
    path: '/api/:projectId/events',
    tag: 'ingest',
    summary: 'Send an event or a batch of events',
    description: 'One event object, or {"events": [...]} (at most 100). gzip or deflate Content-Encoding.',
    access: { auth: 'public_key' },
    rawBody: { contentType: 'application/json', description: INGEST },
    response: ok('accepted: {"id": ...} or {"ids": [...]}; an acknowledged event is durable', object),
  },
  ...(['/api/:projectId/store/', '/api/:projectId/store'] as const).map((path): RouteDoc => ({
    method: 'post',
    path,
    tag: 'sentry',
    summary: "Sentry SDK's store endpoint",
    access: { auth: 'public_key' },
    rawBody: { contentType: 'application/json', description: 'a Sentry event' },
    response: ok('{"id": ...}', object),
  })),
  ...(['/api/:projectId/envelope/', '/api/:projectId/envelope'] as const).map((path): RouteDoc => ({
    method: 'post',
    path,
    tag: 'sentry',
    summary: "Sentry SDK's envelope endpoint",
    access: { auth: 'public_key' },
    rawBody: { contentType: 'application/x-sentry-envelope', description: 'a Sentry envelope' },
    response: ok('{"id": ...}', object),
  })),

  // ---- auth ----
  {
    method: 'post',
    path: '/api/auth/login',
    tag: 'auth',
    summary: 'Log in (sets the session cookie)',
    access: { auth: 'none' },
    body: LoginBody,
    response: noContent,
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    tag: 'auth',
    summary: 'Log out (ends the session)',
    access: { auth: 'none' },
    response: noContent,
  },
  {
    method: 'get',
    path: '/api/auth/me',
    tag: 'auth',
    summary: 'Who is calling, with which scopes',
    access: { auth: 'session_or_token', scope: 'any' },
    response: ok('the caller', MeResponse),
  },
  {
    method: 'post',
    path: '/api/tokens',
    tag: 'auth',
    summary: "Create an API token (with at most the caller's rights)",
    access: { auth: 'session_or_token', scope: 'any' },
    body: TokenBody,
    response: created('the token; its secret is shown only here', NewTokenResponse),
  },
  {
    method: 'get',
    path: '/api/tokens',
    tag: 'auth',
    summary: 'List API tokens that are not revoked: all of them for an admin, else your own',
    access: { auth: 'session_or_token', scope: 'any' },
    response: ok('{"tokens": [...]}', v.strictObject({ tokens: v.array(TokenResponse) })),
  },
  {
    method: 'delete',
    path: '/api/tokens/:id',
    tag: 'auth',
    summary: 'Revoke an API token (yours, or any as an admin) and the tokens it created',
    access: { auth: 'session_or_token', scope: 'any' },
    response: noContent,
  },

  // ---- projects ----
  {
    method: 'get',
    path: '/api/projects',
    tag: 'projects',
    summary: 'List the projects the caller can see',
    access: read,
    response: ok('{"projects": [...]}', v.strictObject({ projects: v.array(ProjectResponse) })),
  },
  {
    method: 'post',
    path: '/api/projects',
    tag: 'projects',
    summary: 'Create a project (and its public key)',
    access: instanceAdmin,
    body: ProjectBody,
    response: created('the project', ProjectResponse),
  },
  {
    method: 'get',
    path: '/api/projects/:projectId',
    tag: 'projects',
    summary: 'One project, with its DSN',
    access: read,
    response: ok('the project', ProjectResponse),
  },
  {
    method: 'patch',
    path: '/api/projects/:projectId',
    tag: 'projects',
    summary: 'Rename a project or change its settings',
    access: admin,
    body: ProjectSettingsBody,
    response: ok('the name and settings now', ProjectSettingsResponse),
  },
  {
    method: 'delete',
    path: '/api/projects/:projectId',
    tag: 'projects',
    summary: 'Delete a project and its data',
    description: 'Hidden and its keys revoked at once; its rows are removed in the background.',
    access: admin,
    response: noContent,
  },
  {
    method: 'get',
    path: '/api/projects/:projectId/usage',
    tag: 'projects',
    summary: 'Stored events, and what ingest accepted and turned away in the last 24 hours',
    access: read,
    response: ok('usage counts', object),
  },

  // ---- issues ----
  {
    method: 'get',
    path: '/api/projects/:projectId/issues',
    tag: 'issues',
    summary: 'List issues',
    description:
      '`query` takes is:, release:, env:, level:, assigned: (me, none, an email) tokens and free text.',
    access: read,
    query: IssueListQuery,
    response: ok('a page of issues', IssueListResponse),
  },
  {
    method: 'patch',
    path: '/api/projects/:projectId/issues',
    tag: 'issues',
    summary: 'Change several issues at once',
    access: write,
    body: BulkUpdateBody,
    response: ok('the issues changed', v.strictObject({ issues: v.array(IssueResponse) })),
  },
  {
    method: 'post',
    path: '/api/projects/:projectId/issues/merge',
    tag: 'issues',
    summary: 'Merge issues into the first one',
    access: write,
    body: MergeBody,
    response: ok('the issue kept', IssueResponse),
  },
  {
    method: 'get',
    path: '/api/projects/:projectId/issues/:issueId',
    tag: 'issues',
    summary: 'One issue with its stats, tags, latest event, suspect deploy and history',
    description:
      '`stats` always has "24h" and, with `range`, that range too. With `environment`, the stats, the latest ' +
      'event and `scope.count` are those of that environment.',
    access: read,
    query: IssueDetailQuery,
    response: ok('the issue in detail', object),
  },
  {
    method: 'patch',
    path: '/api/projects/:projectId/issues/:issueId',
    tag: 'issues',
    summary: 'Resolve, ignore, reopen or assign an issue',
    description: 'Release semantics: docs/api.md, "Release semantics".',
    access: write,
    body: IssueUpdateBody,
    response: ok('the issue', IssueResponse),
  },
  {
    method: 'get',
    path: '/api/projects/:projectId/issues/:issueId/events',
    tag: 'issues',
    summary: "An issue's events, newest first (of one environment with `environment`)",
    access: read,
    query: EventListQuery,
    response: ok('{"events": [...], "next_cursor"}', object),
  },
  {
    method: 'get',
    path: '/api/projects/:projectId/events/:eventId',
    tag: 'issues',
    summary: 'One event, whole',
    access: read,
    response: ok('the event', object),
  },

  // ---- releases and deploys ----
  {
    method: 'post',
    path: '/api/projects/:projectId/deploys',
    tag: 'releases',
    summary: 'Record a deploy',
    access: write,
    body: DeployBody,
    response: created('the deploy', DeployResponse),
  },
  {
    method: 'get',
    path: '/api/projects/:projectId/deploys',
    tag: 'releases',
    summary: 'Recent deploys, newest first',
    access: read,
    query: DeployListQuery,
    response: ok('{"deploys": [...]}', v.strictObject({ deploys: v.array(DeployResponse) })),
  },
  {
    method: 'get',
    path: '/api/projects/:projectId/deploys/:deployId/health',
    tag: 'releases',
    summary: "A deploy's health verdict and its reasons",
    access: read,
    response: ok('the verdict', object),
  },
  {
    method: 'get',
    path: '/api/projects/:projectId/releases',
    tag: 'releases',
    summary: 'Releases, newest first',
    access: read,
    response: ok('{"releases": [...]}', object),
  },
  {
    method: 'get',
    path: '/api/projects/:projectId/releases/:version',
    tag: 'releases',
    summary:
      'One release: its deploys, the releases before and after it, and its new, regressed and resolved issues',
    description:
      'The version is percent-encoded in the path. Each issue list holds the 50 with the most events.',
    access: read,
    response: ok(
      '{"release", "previous", "next", "new_issues", "regressed_issues", "resolved_issues"}',
      object,
    ),
  },
  {
    method: 'get',
    path: '/api/projects/:projectId/environments',
    tag: 'releases',
    summary: 'Environments with events in the last 30 days or deploys, most recently seen first',
    access: read,
    response: ok('{"environments": [{"name", "last_seen"}]}', object),
  },
  {
    method: 'get',
    path: '/api/projects/:projectId/stats',
    tag: 'releases',
    summary: "The project's event counts over a range (1h: per minute, 24h and 7d: per hour, 30d: per day)",
    access: read,
    query: StatsQuery,
    response: ok('{"stats": {"<range>": [[bucket start, n], ...]}}', object),
  },

  // ---- source maps ----
  {
    method: 'post',
    path: '/api/projects/:projectId/sourcemaps',
    tag: 'sourcemaps',
    summary: 'Upload a source map (at most 50 MiB)',
    access: write,
    body: SourcemapForm,
    form: true,
    response: created('the source map', SourcemapResponse),
  },
  {
    method: 'get',
    path: '/api/projects/:projectId/sourcemaps',
    tag: 'sourcemaps',
    summary: 'List source maps',
    access: read,
    query: SourcemapListQuery,
    response: ok('{"sourcemaps": [...]}', v.strictObject({ sourcemaps: v.array(SourcemapResponse) })),
  },
  {
    method: 'delete',
    path: '/api/projects/:projectId/sourcemaps/:mapId',
    tag: 'sourcemaps',
    summary: 'Delete a source map',
    access: write,
    response: noContent,
  },

  ...ALERT_ROUTE_DOCS,
  ...TEAM_ROUTE_DOCS,

  // ---- this document, health, metrics, the browser SDK ----
  {
    method: 'get',
    path: '/api/openapi.json',
    tag: 'meta',
    summary: 'This document (OpenAPI 3.1)',
    access: { auth: 'none' },
    response: ok('the OpenAPI document', object),
  },
  {
    method: 'get',
    path: '/healthz',
    tag: 'meta',
    summary: 'Liveness: 200 when the database answers within a second, else 503',
    access: { auth: 'none' },
    response: ok('{"status": "ok"}', object),
  },
  {
    method: 'get',
    path: '/metrics',
    tag: 'meta',
    summary: 'Prometheus metrics',
    access: { auth: 'metrics_token' },
    response: { status: 200, description: 'Prometheus text format', contentType: 'text/plain' },
  },
  {
    method: 'get',
    path: '/sdk/v1/:file',
    tag: 'meta',
    summary: 'The browser SDK: faultline.min.js (script tag) or faultline.esm.min.js',
    access: { auth: 'none' },
    response: { status: 200, description: 'JavaScript', contentType: 'text/javascript' },
  },
];
