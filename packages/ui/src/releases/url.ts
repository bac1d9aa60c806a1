/** A release's page (the version may hold "/", "@" or "+": it is one encoded path segment). */
export const releaseUrl = (projectId: number, version: string) =>
  `/p/${projectId}/releases/${encodeURIComponent(version)}`;
