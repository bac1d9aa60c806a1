import { toJsonSchema, type ConversionConfig } from '@valibot/to-json-schema';
import type { Context } from 'hono';
import type { GenericSchema } from 'valibot';
import { ErrorResponse } from './schema.js';

/** Who may call a route. */
export type Access =
  | { auth: 'none' }
  /** a project's public key (DSN): sends events, nothing else */
  | { auth: 'public_key' }
  /**
   * a session cookie or an API token (Bearer) with this scope (a user's role gives one: auth/roles.ts);
   * `instance`: not for tokens limited to projects; `session`: not for tokens at all
   */
  | {
      auth: 'session_or_token';
      scope: 'admin' | 'project:write' | 'project:read' | 'any';
      instance?: boolean;
      session?: boolean;
    }
  /** FAULTLINE_METRICS_TOKEN when set */
  | { auth: 'metrics_token' };

/** One route as the API reference shows it: the same schemas the route validates with. */
export interface RouteDoc {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** hono's form: /api/projects/:projectId */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  query?: GenericSchema;
  body?: GenericSchema;
  /** multipart/form-data instead of JSON */
  form?: boolean;
  /** ingest bodies are checked by their own validator (ingest/validate.ts): described, not schema'd */
  rawBody?: { contentType: string; description: string };
  response: { status: number; description: string; schema?: GenericSchema; contentType?: string };
}

const config = (): ConversionConfig => ({
  target: 'draft-2020-12',
  // what a client sends (before transforms) and what the server writes
  typeMode: 'input',
  errorMode: 'ignore',
  // v.metadata({ format }) in a pipe sets the JSON Schema format (http/schema.ts isoTime)
  overrideAction: ({ valibotAction, jsonSchema }) => {
    const a = valibotAction as { type: string; metadata?: { format?: string } };
    if (a.type === 'metadata' && a.metadata?.format) return { ...jsonSchema, format: a.metadata.format };
    return undefined;
  },
  overrideSchema: ({ valibotSchema }) => {
    const s = valibotSchema as { type?: string; class?: unknown };
    if (s.type === 'instance' && s.class === File) return { type: 'string', format: 'binary' };
    return undefined;
  },
});

const json = (schema: GenericSchema) => {
  const { $schema: _, ...rest } = toJsonSchema(schema, config()) as Record<string, unknown>;
  return rest;
};

/** The query schema's fields as OpenAPI parameters. */
function queryParameters(schema: GenericSchema) {
  const object = json(schema) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: object.required?.includes(name) ?? false,
    schema,
  }));
}

const SECURITY: Record<Access['auth'], Array<Record<string, string[]>>> = {
  none: [],
  public_key: [{ publicKeyHeader: [] }, { publicKeyQuery: [] }],
  session_or_token: [{ session: [] }, { bearer: [] }],
  metrics_token: [{ bearer: [] }, {}],
};

/** The OpenAPI 3.1 document of `docs`. */
export function openApiDocument(docs: RouteDoc[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  const errors = {
    description: 'the error envelope',
    content: { 'application/json': { schema: json(ErrorResponse) } },
  };
  for (const d of docs) {
    const path = d.path.replace(/:(\w+)/g, '{$1}');
    const params = [...d.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema:
        m[1]!.endsWith('Id') && m[1] !== 'eventId' ? { type: 'integer', minimum: 1 } : { type: 'string' },
    }));
    const a = d.access;
    const scope =
      a.auth === 'session_or_token'
        ? (a.scope === 'any' ? ' Any user or token.' : ` Needs the \`${a.scope}\` scope.`) +
          (a.session ? ' Logged-in users only (not API tokens).' : '') +
          (a.instance ? ' Not for tokens limited to projects.' : '')
        : '';
    const r = d.response;
    (paths[path] ??= {})[d.method] = {
      tags: [d.tag],
      summary: d.summary,
      ...(d.description || scope ? { description: `${d.description ?? ''}${scope}`.trim() } : {}),
      operationId: `${d.method}${path.replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string) => (c ?? '').toUpperCase())}`,
      security: SECURITY[d.access.auth],
      parameters: [...params, ...(d.query ? queryParameters(d.query) : [])],
      ...(d.body
        ? {
            requestBody: {
              required: true,
              content: { [d.form ? 'multipart/form-data' : 'application/json']: { schema: json(d.body) } },
            },
          }
        : d.rawBody
          ? {
              requestBody: {
                required: true,
                description: d.rawBody.description,
                content: { [d.rawBody.contentType]: { schema: { type: 'object' } } },
              },
            }
          : {}),
      responses: {
        [r.status]: {
          description: r.description,
          ...(r.schema || r.contentType
            ? {
                content: {
                  [r.contentType ?? 'application/json']: { schema: r.schema ? json(r.schema) : {} },
                },
              }
            : {}),
        },
        '4XX': errors,
        '5XX': errors,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Faultline API',
      version,
      description:
        'Self-hosted exception tracking. Errors use one envelope: {"error": {"code", "message", "details"?}}.',
    },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'faultline_session' },
        bearer: { type: 'http', scheme: 'bearer', description: 'an API token (POST /api/tokens)' },
        publicKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Faultline-Key' },
        publicKeyQuery: { type: 'apiKey', in: 'query', name: 'key' },
      },
    },
    paths,
  };
}

/** GET /api/openapi.json, built once on the first request. */
export function openApiRoute(docs: RouteDoc[], version: string) {
  let body: string | undefined;
  return (c: Context) => {
    body ??= JSON.stringify(openApiDocument(docs, version));
    return c.body(body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  };
}
