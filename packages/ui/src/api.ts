// The JSON API, same origin, session cookie. Errors carry the server's message (api.md envelope).
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let onUnauthorized: (expired: boolean) => void = () => {};
export const setUnauthorizedHandler = (fn: (expired: boolean) => void) => void (onUnauthorized = fn);

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const res = await fetch(path, {
    ...rest,
    credentials: 'same-origin',
    headers: {
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(rest.headers as object),
    },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) {
    const message = body?.error?.message ?? `${res.status} ${res.statusText}`;
    if (res.status === 401 && !path.startsWith('/api/auth/login')) onUnauthorized(/expired/.test(message));
    throw new ApiError(res.status, message);
  }
  return body as T;
}

// The answers' types come from the server's serializers: one declaration, checked on both sides.
export type {
  AlertChannel,
  AlertDelivery,
  AlertRule,
  AlertTest,
  Comment,
  Invite,
  Member,
  NewInvite,
  ProjectKey,
  Deploy,
  DeployHealth,
  Event,
  EventList,
  EventSummary,
  Frame,
  Issue,
  IssueDetail,
  IssueList,
  IssueListItem,
  Me,
  Project,
  Release,
  ReleaseDetail,
  Environment,
  Sourcemap,
  Usage,
  Token,
} from '@faultline/server/api-types';
