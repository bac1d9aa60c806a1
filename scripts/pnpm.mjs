// Runs the pinned pnpm through npx, so a machine with only Node and npm can drive the workspace.
// pnpm 11+ needs Node 22 and corepack is unreliable here: keep this pin (see DEVELOPERS.md).
import { spawnSync } from 'node:child_process';

export const PNPM_VERSION = '10.34.9';

export function pnpm(args, options = {}) {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const result = spawnSync(npx, ['-y', `pnpm@${PNPM_VERSION}`, ...args], { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(pnpm(process.argv.slice(2)));
}
