import type { TestServer } from '@faultline/server/testing';

export interface ApiIssue {
  id: number;
  title: string;
  type: string;
  value: string;
  count: number;
  culprit: string;
  first_release: string | null;
  level: string;
}

/** Polls the issues API until `done` holds (events from other processes arrive when they arrive). */
export async function waitForIssues(
  s: TestServer,
  done: (issues: ApiIssue[]) => boolean,
  timeoutMs = 15_000,
): Promise<ApiIssue[]> {
  const deadline = Date.now() + timeoutMs;
  let issues: ApiIssue[] = [];
  while (Date.now() < deadline) {
    const res = await s.api(`/api/projects/${s.projectId}/issues?status=all&limit=100`);
    issues = ((await res.json()) as { issues: ApiIssue[] }).issues;
    if (done(issues)) return issues;
    await new Promise((r) => setTimeout(r, 100));
  }
  return issues;
}
