// Static checks as part of `npm test`: the UI's hook rules (eslint-plugin-react-hooks) and strict
// TypeScript across the workspace, the UI included with the server's answer types it imports.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ui = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(dirname(ui));

/** Runs a node script; resolves with its exit code and output (a failing check is a result, not a throw). */
async function node(args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? 1, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

describe('static checks', () => {
  it('the UI follows the rules of hooks (eslint-plugin-react-hooks, recommended)', async () => {
    const eslint = join(ui, 'node_modules/eslint/bin/eslint.js');
    const { code, output } = await node([eslint, '--max-warnings', '0', 'src'], ui);
    expect(output).toBe('');
    expect(code).toBe(0);
  }, 120_000);

  it.each(['packages/ui', 'packages/server', 'packages/sdk', 'test', 'bench'])(
    '%s type-checks',
    async (dir) => {
      const tsc = join(root, 'node_modules/typescript/bin/tsc');
      const { code, output } = await node([tsc, '--noEmit', '-p', dir], root);
      expect(output).toBe('');
      expect(code).toBe(0);
    },
    180_000,
  );
});
