// Installs the workspace's dependencies with the pinned pnpm when they are missing or stale.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pnpm } from './pnpm.mjs';

export function ensureDeps(root) {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  const fresh =
    existsSync(marker) && (!existsSync(lock) || statSync(lock).mtimeMs <= statSync(marker).mtimeMs);
  if (fresh) return;
  console.log('Installing dependencies (pnpm, first run only)…');
  const args = existsSync(lock) ? ['install', '--frozen-lockfile'] : ['install'];
  const status = pnpm(args, { cwd: root, env: { ...process.env, CI: process.env.CI ?? '1' } });
  if (status !== 0) {
    console.error('Dependency installation failed.');
    process.exit(status);
  }
}
