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

export interface Project {
  id: number;
  slug: string;
  name: string;
  public_key: string;
  dsn: string;
}

export interface Issue {
  id: number;
  title: string;
  culprit: string;
  type: string;
  value: string;
  level: string;
  status: 'unresolved' | 'resolved' | 'ignored' | 'merged';
  substatus: 'new' | 'ongoing' | 'regressed' | null;
  count: number;
  user_count: number;
  first_seen: string;
  last_seen: string;
  first_release: string | null;
  last_release: string | null;
  assignee: string | null;
  resolved_in_release: string | null;
  resolved_in_next_release: boolean;
  ignore_until: string | null;
  ignore_until_count: number | null;
  merged_into: number | null;
  /** a spike (far more events than its trailing 6 hours predict) ended less than an hour ago */
  spiking?: boolean;
  stats?: { '24h': Array<[string, number]> };
}

export interface Frame {
  filename: string | null;
  function: string | null;
  lineno: number | null;
  colno: number | null;
  in_app: boolean;
  context_line?: string | null;
  pre_context?: string[];
  post_context?: string[];
  minified?: {
    filename: string | null;
    function: string | null;
    lineno: number | null;
    colno: number | null;
  };
}

export interface Event {
  event_id: string;
  issue_id: number;
  timestamp: string;
  release: string | null;
  environment: string | null;
  level: string;
  message: string | null;
  exception: {
    values: Array<{
      type: string;
      value: string;
      stack: string | null;
      stacktrace: { frames: Frame[] };
      mechanism?: { type?: string; handled?: boolean } | null;
    }>;
  } | null;
  tags: Record<string, string>;
  user: Record<string, unknown> | null;
  contexts: Record<string, unknown> | null;
  request: Record<string, unknown> | null;
  breadcrumbs: Array<{
    timestamp: string | null;
    category: string | null;
    message: string | null;
    level: string | null;
    data: unknown;
  }>;
  [key: string]: unknown;
}

export interface Deploy {
  id: number;
  release: string;
  environment: string;
  revision: string | null;
  deployer: string | null;
  url: string | null;
  finished_at: string;
}

export interface IssueDetail extends Issue {
  stats: { '24h': Array<[string, number]> };
  tags: Record<string, Array<[string, number]>>;
  latest_event: Event | null;
  grouping: Record<string, unknown>;
  suspect_deploy: (Deploy & { reason: string }) | null;
  history: Array<{
    kind: string;
    at: string;
    release: string | null;
    actor: string | null;
    data?: { next_release?: boolean };
  }>;
  spikes: Array<{ from: string; to: string; count: number; expected: number; environment: string }>;
  spiking: boolean;
}
