// `npm start`: installs dependencies if needed, builds the UI once, then runs the server (PGlite in
// ./.faultline/data unless DATABASE_URL is set). Signals are passed on so Ctrl-C shuts down cleanly.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';
import { pnpm } from './pnpm.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
ensureDeps(root);
// the browser SDK that the server hands out at /sdk/v1/
if (!existsSync(join(root, 'packages/sdk/dist/faultline.min.js'))) {
  console.log('Building the SDK (first run only)…');
  if (
    pnpm(['--filter', '@faultline/sdk', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] }) !== 0
  ) {
    process.exit(1);
  }
}
if (!existsSync(join(root, 'packages/ui/dist/index.html'))) {
  console.log('Building the UI (first run only)…');
  if (
    pnpm(['--filter', '@faultline/ui', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] }) !== 0
  ) {
    process.exit(1);
  }
}
const server = spawn(
  process.execPath,
  ['--import', import.meta.resolve('tsx'), join(root, 'packages/server/src/main.ts')],
  {
    cwd: process.cwd(),
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
