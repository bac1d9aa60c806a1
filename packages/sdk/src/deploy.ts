import { parseDsn } from './dsn.js';

export interface DeployInput {
  release: string;
  environment: string;
  revision?: string;
  url?: string;
  deployer?: string;
  started_at?: string;
  finished_at?: string;
}

export interface DeployTarget {
  /** server base URL, e.g. https://errors.example.com */
  baseUrl: string;
  projectId: string;
  /** an API token with the project:write scope (a DSN's public key cannot record deploys) */
  token: string;
  fetch?: typeof fetch;
}

/** A failure a CI user can act on: the message says what went wrong and what to check. */
export class DeployError extends Error {}

/** Where to send a deploy: explicit values, else FAULTLINE_URL / FAULTLINE_PROJECT / FAULTLINE_TOKEN, else the DSN. */
export function deployTarget(
  env: Record<string, string | undefined>,
  given: { url?: string; project?: string; token?: string; dsn?: string } = {},
): DeployTarget {
  const dsn = parseDsn(given.dsn ?? env.FAULTLINE_DSN ?? '');
  const baseUrl = (given.url ?? env.FAULTLINE_URL ?? dsn?.baseUrl ?? '').replace(/\/+$/, '');
  const projectId = given.project ?? env.FAULTLINE_PROJECT ?? dsn?.projectId ?? '';
  const token = given.token ?? env.FAULTLINE_TOKEN ?? '';
  if (!baseUrl) throw new DeployError('no server: set FAULTLINE_URL (or FAULTLINE_DSN)');
  if (!projectId) throw new DeployError('no project: set FAULTLINE_PROJECT (or FAULTLINE_DSN)');
  if (!token)
    throw new DeployError('no token: set FAULTLINE_TOKEN to an API token with the project:write scope');
  return { baseUrl, projectId, token };
}

/** Records a deploy (api.md: POST /api/projects/{id}/deploys). Throws DeployError with the server's reason. */
export async function postDeploy(
  target: DeployTarget,
  deploy: DeployInput,
): Promise<Record<string, unknown>> {
  const doFetch = target.fetch ?? fetch;
  const url = `${target.baseUrl}/api/projects/${target.projectId}/deploys`;
  let res: Response;
  try {
    res = await doFetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(deploy),
    });
  } catch (err) {
    throw new DeployError(`could not reach ${target.baseUrl}: ${(err as Error).message}`);
  }
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) {
    const reason = body?.error?.message ?? res.statusText;
    const hint =
      res.status === 401
        ? ' (check FAULTLINE_TOKEN)'
        : res.status === 403
          ? ' (the token needs the project:write scope for this project)'
          : res.status === 404
            ? ' (check the server URL and project id)'
            : '';
    throw new DeployError(`the server refused the deploy: ${res.status} ${reason}${hint}`);
  }
  return body as Record<string, unknown>;
}
