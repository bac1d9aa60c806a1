import type { Environment, Release } from '../../api.js';
import { useState } from 'preact/hooks';
import { useApi } from '../../use-api.js';

/** The value the project has that matches `typed` ignoring case ("Staging" finds "staging"), else `typed`. */
export const canonical = (typed: string | undefined, known: string[]) =>
  typed === undefined ? undefined : (known.find((k) => k.toLowerCase() === typed.toLowerCase()) ?? typed);

/**
 * The environments and releases the project has: the pickers offer them, and what is typed is matched
 * to them ignoring case, in the pickers and in env:/release: tokens of the search alike.
 */
export function useKnownValues(projectId: number) {
  // asked for once a filter field is focused: not on the page load, where the list's first paint
  // must not share its frames with them
  const [wanted, setWanted] = useState(false);
  const envs = useApi<{ environments: Environment[] }>(
    wanted ? `/api/projects/${projectId}/environments` : null,
  );
  const rels = useApi<{ releases: Release[] }>(wanted ? `/api/projects/${projectId}/releases` : null);
  const environments = envs.data?.environments.map((e) => e.name) ?? [];
  const releases = rels.data?.releases.map((r) => r.version) ?? [];
  return {
    want: () => setWanted(true),
    environments,
    releases,
    environment: (typed: string | undefined) => canonical(typed, environments),
    release: (typed: string | undefined) => canonical(typed, releases),
    inQuery: (text: string | undefined) =>
      text?.replace(
        /(^|\s)(env|environment|release):([^\s"]+)(?=\s|$)/g,
        (_, space: string, key: string, v: string) =>
          `${space}${key}:${canonical(v, key === 'release' ? releases : environments)!}`,
      ),
  };
}
