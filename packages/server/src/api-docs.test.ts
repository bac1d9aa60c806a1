// The API reference (/api/openapi.json) against the server itself: every mounted route is documented
// and every documented route is mounted, the document is valid OpenAPI 3.1, and real answers have the
// documented shapes (response schemas are strict: a field the server adds and the docs lack fails).
import { Validator } from '@seriousme/openapi-schema-validator';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_DOCS } from './api-docs.js';
import { createApp } from './app.js';
import { MeResponse, NewTokenResponse, TokenResponse } from './auth/schemas.js';
import { InviteInfoResponse, InviteResponse, NewInviteResponse, UserResponse } from './users/schemas.js';
import { ErrorResponse } from './http/schema.js';
import { CommentResponse, IssueListResponse, IssueResponse } from './issues/schemas.js';
import { KeyResponse, ProjectResponse, ProjectSettingsResponse } from './projects/schemas.js';
import { DeployResponse } from './releases/schemas.js';
import { SourcemapResponse } from './symbolicate/schemas.js';
import { sessionCookie, startTestServer, TEST_ADMIN, type TestServer } from './testing/index.js';

let s: TestServer;
const ownerCookie = async () =>
  sessionCookie(
    await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: TEST_ADMIN.email, password: TEST_ADMIN.password }),
    }),
  );
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

/** The body parsed against `schema`, with valibot's complaint in the failure message. */
async function shaped<S extends v.GenericSchema>(res: Response, status: number, schema: S) {
  const body = (await res.json()) as unknown;
  expect(res.status, JSON.stringify(body)).toBe(status);
  const parsed = v.safeParse(schema, body);
  expect(parsed.issues?.map((i) => `${v.getDotPath(i)}: ${i.message}`) ?? []).toEqual([]);
  return parsed.output as v.InferOutput<S>;
}

describe('the API reference', () => {
  it('documents exactly the routes the server mounts', () => {
    const faultline = createApp({ db: s.database.db, config: s.config });
    faultline.beginShutdown(); // stops its availability probe; the routes are all we read
    const mounted = new Set(
      faultline.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`),
    );
    const documented = new Set(ROUTE_DOCS.map((d) => `${d.method.toUpperCase()} ${d.path}`));
    expect([...mounted].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !mounted.has(r))).toEqual([]);
  });

  it('serves a valid OpenAPI 3.1 document built from the request schemas', async () => {
    const res = await fetch(`${s.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, any>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const patch = doc.paths['/api/projects/{projectId}/issues/{issueId}']!.patch;
    const body = patch.requestBody.content['application/json'].schema;
    expect(body.properties.status.enum).toEqual(['resolved', 'unresolved', 'ignored']);
    expect(body.properties.ignore_until.anyOf).toContainEqual(
      expect.objectContaining({ type: 'string', format: 'date-time' }),
    );
    const list = doc.paths['/api/projects/{projectId}/issues']!.get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['projectId', 'status', 'query', 'sort', 'limit', 'cursor']),
    );
    expect(list.security).toEqual([{ session: [] }, { bearer: [] }]);
    const upload = doc.paths['/api/projects/{projectId}/sourcemaps']!.post;
    expect(upload.requestBody.content['multipart/form-data'].schema.properties.file).toEqual({
      type: 'string',
      format: 'binary',
    });
  });
});

describe('answers have the documented shapes', () => {
  it('projects, issues, deploys, source maps, tokens', async () => {
    const project = await shaped(
      await s.api('/api/projects', { method: 'POST', body: JSON.stringify({ name: 'Shapes' }) }),
      201,
      ProjectResponse,
    );
    await shaped(await s.api(`/api/projects/${project.id}`), 200, ProjectResponse);
    await shaped(
      await s.api(`/api/projects/${project.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ settings: { sensitive_fields: ['iban'] } }),
      }),
      200,
      ProjectSettingsResponse,
    );

    const ingested = await s.ingest({
      exception: {
        values: [
          { type: 'TypeError', value: 'x is undefined', stack: 'TypeError: x\n    at f (/app/a.js:1:2)' },
        ],
      },
      release: 'shapes@1.0.0',
    });
    expect(ingested.status).toBe(200);
    const list = await shaped(
      await s.api(`/api/projects/${s.projectId}/issues?stats=24h`),
      200,
      IssueListResponse,
    );
    const issue = list.issues[0]!;
    await shaped(
      await s.api(`/api/projects/${s.projectId}/issues/${issue.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ status: 'resolved', resolved_in: 'next_release' }),
      }),
      200,
      IssueResponse,
    );

    await shaped(
      await s.api(`/api/projects/${s.projectId}/deploys`, {
        method: 'POST',
        body: JSON.stringify({ release: 'shapes@1.0.1', environment: 'production', revision: 'abc' }),
      }),
      201,
      DeployResponse,
    );

    const form = new FormData();
    form.set('release', 'shapes@1.0.1');
    form.set('url', '~/app.min.js');
    form.set(
      'file',
      new Blob([JSON.stringify({ version: 3, sources: [], names: [], mappings: '' })]),
      'app.min.js.map',
    );
    const upload = await fetch(`${s.url}/api/projects/${s.projectId}/sourcemaps`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${s.config.adminToken}` },
    });
    await shaped(upload, 201, SourcemapResponse);

    const token = await shaped(
      await s.api('/api/tokens', {
        method: 'POST',
        body: JSON.stringify({ name: 'ci', scopes: ['project:read'], project_ids: [project.id] }),
      }),
      201,
      NewTokenResponse,
    );
    await shaped(await s.api('/api/tokens'), 200, v.strictObject({ tokens: v.array(TokenResponse) }));
    const me = await fetch(`${s.url}/api/auth/me`, { headers: { authorization: `Bearer ${token.token}` } });
    expect(await shaped(me, 200, MeResponse)).toMatchObject({ kind: 'token', project_ids: [project.id] });
  });

  it('members, invites, keys, comments', async () => {
    const invite = await shaped(
      await s.api('/api/users/invites', {
        method: 'POST',
        body: JSON.stringify({ email: 'shape@example.com', role: 'member' }),
      }),
      201,
      NewInviteResponse,
    );
    await shaped(
      await s.api('/api/users/invites'),
      200,
      v.strictObject({ invites: v.array(InviteResponse) }),
    );
    const token = invite.invite_url.split('/invite/')[1]!;
    await shaped(await fetch(`${s.url}/api/auth/invites/${token}`), 200, InviteInfoResponse);
    const accepted = await fetch(`${s.url}/api/auth/accept-invite`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, password: 'shapes and colours', name: 'Shape' }),
    });
    expect(accepted.status).toBe(204);
    const cookie = accepted.headers.get('set-cookie')!.split(';')[0]!;
    const me = await shaped(await fetch(`${s.url}/api/auth/me`, { headers: { cookie } }), 200, MeResponse);
    const users = await shaped(
      await s.api('/api/users'),
      200,
      v.strictObject({ users: v.array(UserResponse) }),
    );
    expect(users.users.map((u) => u.email)).toContain('shape@example.com');
    await shaped(
      await s.api(`/api/users/${me.user!.id}`, { method: 'PATCH', body: JSON.stringify({ role: 'viewer' }) }),
      200,
      UserResponse,
    );
    await shaped(
      await s.api(`/api/projects/${s.projectId}/keys`, {
        method: 'POST',
        body: JSON.stringify({ label: 'b' }),
      }),
      201,
      KeyResponse,
    );
    await shaped(
      await s.api(`/api/projects/${s.projectId}/keys`),
      200,
      v.strictObject({ keys: v.array(KeyResponse) }),
    );
    await shaped(
      await s.api(`/api/projects/${s.projectId}`, {
        method: 'PATCH',
        body: JSON.stringify({ name: 'Renamed' }),
      }),
      200,
      ProjectSettingsResponse,
    );
    const list = (await (await s.api(`/api/projects/${s.projectId}/issues?status=all`)).json()) as {
      issues: Array<{ id: number }>;
    };
    const comments = `/api/projects/${s.projectId}/issues/${list.issues[0]!.id}/comments`;
    const created = await fetch(s.url + comments, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: s.url },
      body: JSON.stringify({ text: 'a note' }),
    });
    // a viewer now: refused in the envelope
    await shaped(created, 403, ErrorResponse);
    await shaped(
      await fetch(s.url + comments, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: await ownerCookie() },
        body: JSON.stringify({ text: 'a note' }),
      }),
      201,
      CommentResponse,
    );
    await shaped(await s.api(comments), 200, v.strictObject({ comments: v.array(CommentResponse) }));
  });

  it('bad bodies and queries get a 400 envelope that names the field', async () => {
    const cases: Array<[string, RequestInit, RegExp]> = [
      [
        '/api/users/invites',
        { method: 'POST', body: JSON.stringify({ email: 'x@example.com', role: 'boss' }) },
        /^role: must be one of owner, admin, member, viewer$/,
      ],
      [
        '/api/users/invites',
        { method: 'POST', body: JSON.stringify({ email: 'nope', role: 'viewer' }) },
        /^email: must be an email address$/,
      ],
      [
        '/api/auth/accept-invite',
        { method: 'POST', body: JSON.stringify({ token: 'x', password: 'short' }) },
        /^password: the password must be at least 10/,
      ],
      [`/api/projects/${s.projectId}/issues?limit=abc`, {}, /^limit: /],
      [`/api/projects/${s.projectId}/issues?sort=oldest`, {}, /^sort: must be one of last_seen/],
      [`/api/projects/${s.projectId}/issues?status=open`, {}, /^status: must be one of/],
      [`/api/projects/${s.projectId}/deploys?limit=0`, {}, /^limit: /],
      [
        `/api/projects/${s.projectId}/deploys`,
        { method: 'POST', body: JSON.stringify({ environment: 'production' }) },
        /^release: is required$/,
      ],
      [
        `/api/projects/${s.projectId}`,
        { method: 'PATCH', body: JSON.stringify({ settings: { retention: 3 } }) },
        /^settings.retention: is not a known field$/,
      ],
      [
        '/api/tokens',
        { method: 'POST', body: JSON.stringify({ name: 'x', scopes: ['root'] }) },
        /^scopes.0: must be/,
      ],
      [
        `/api/projects/${s.projectId}/issues`,
        { method: 'PATCH', body: JSON.stringify({ ids: [], status: 'resolved' }) },
        /^ids: must be an array of 1 to 100 issue ids$/,
      ],
      [`/api/projects/${s.projectId}/issues/merge`, { method: 'POST', body: '[1, 2]' }, /JSON object/],
    ];
    for (const [path, init, message] of cases) {
      const body = await shaped(await s.api(path, init), 400, ErrorResponse);
      expect(body.error.code).toBe('bad_request');
      expect(body.error.message, path).toMatch(message);
    }
  });
});
