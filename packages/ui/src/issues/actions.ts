import { api, type Issue } from '../api.js';

export type Action = 'resolve' | 'resolve_next' | 'ignore' | 'unresolve';

export const BODY: Record<Action, Record<string, unknown>> = {
  resolve: { status: 'resolved' },
  resolve_next: { status: 'resolved', resolved_in: 'next_release' },
  ignore: { status: 'ignored' },
  unresolve: { status: 'unresolved' },
};

export function updateIssues(projectId: number, ids: number[], body: Record<string, unknown>) {
  return api<{ issues: Issue[] }>(`/api/projects/${projectId}/issues`, {
    method: 'PATCH',
    json: { ids, ...body },
  });
}
