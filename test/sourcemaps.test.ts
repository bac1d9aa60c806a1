import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as cli } from '../packages/sdk/src/cli/main.js';
import { startTestServer, type TestServer } from '@faultline/server/testing';

// A real app built by esbuild (minified, content-hashed names, source maps) in two releases whose
// code moves, run to throw real errors; its maps uploaded with the faultline CLI.
let s: TestServer;
const root = mkdtempSync(join(tmpdir(), 'faultline-sourcemaps-'));

const cart = (
  shift: number,
) => `${'// release notes\n'.repeat(shift)}const RULES = { SAVE10: 0.1, SAVE20: 0.2 };

export function applyDiscount(cart, code) {
  if (!(code in RULES)) {
    throw new Error(\`Unknown discount code \${code}\`);
  }
  return cart.total * (1 - RULES[code]);
}
`;
const index = `import { applyDiscount } from './cart.js';

function checkout(order) {
  return applyDiscount({ total: order.total }, order.code);
}

try {
  checkout({ total: 10, code: process.argv[2] ?? 'BOGUS42' });
} catch (err) {
  process.stdout.write(JSON.stringify({ type: err.name, value: err.message, stack: err.stack }));
}
`;

function writeApp(dir: string, shift: number) {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src', 'cart.js'), cart(shift));
  writeFileSync(join(dir, 'src', 'index.js'), index);
  writeFileSync(join(dir, 'src', 'package.json'), '{"type":"module"}');
}

async function buildApp(dir: string): Promise<string> {
  await build({
    entryPoints: [join(dir, 'src', 'index.js')],
    bundle: true,
    minify: true,
    sourcemap: true,
    sourcesContent: true,
    platform: 'node',
    format: 'cjs',
    entryNames: '[name]-[hash]',
    outdir: join(dir, 'dist'),
    logLevel: 'silent',
  });
  const js = readdirSync(join(dir, 'dist')).find((f) => f.endsWith('.js'))!;
  return join(dir, 'dist', js);
}

const run = (file: string, code: string) =>
  JSON.parse(execFileSync(process.execPath, [file, code], { encoding: 'utf8' })) as {
    type: string;
    value: string;
    stack: string;
  };

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s.close();
  rmSync(root, { recursive: true, force: true });
});

interface ApiFrame {
  filename: string;
  function: string;
  lineno: number;
  colno: number;
  in_app: boolean;
  context_line?: string;
  pre_context?: string[];
  minified?: { filename: string; function: string; lineno: number };
}

describe('source maps', () => {
  it('symbolicate minified errors of two releases and the dev run into one issue with the original code', async () => {
    const env = {
      FAULTLINE_URL: s.url,
      FAULTLINE_PROJECT: String(s.projectId),
      FAULTLINE_TOKEN: 'flt_test_admin_token',
    };
    const sent: Array<{ id: string; release: string; line: number }> = [];
    for (const [release, shift] of [
      ['shop@1.0.0', 0],
      ['shop@1.1.0', 7],
    ] as const) {
      const dir = join(root, release);
      writeApp(dir, shift);
      const bundle = await buildApp(dir);
      expect(bundle).toMatch(/index-[A-Z0-9]{8}\.js$/);
      const out: string[] = [];
      expect(
        await cli(
          ['sourcemaps', 'upload', join(dir, 'dist'), '--release', release, '--url-prefix', '~/dist'],
          env,
          (l) => out.push(l),
        ),
      ).toBe(0);
      expect(out.join('\n')).toContain('1 of 1 source maps uploaded');
      const error = run(bundle, `CODE${shift}`);
      expect(error.stack).not.toContain('applyDiscount'); // minified: the names are gone
      const id = crypto.randomUUID().replace(/-/g, '');
      const res = await s.ingest({ event_id: id, release, exception: { values: [error] } });
      expect(res.status).toBe(200);
      sent.push({ id, release, line: 5 + shift });
    }
    // the same code unminified, as a developer runs it
    const dev = run(join(root, 'shop@1.0.0', 'src', 'index.js'), 'CODE3');
    const devId = crypto.randomUUID().replace(/-/g, '');
    expect((await s.ingest({ event_id: devId, release: 'dev', exception: { values: [dev] } })).status).toBe(
      200,
    );

    const issueIds = new Set<number>();
    for (const { id, line } of sent) {
      const event = (await (await s.api(`/api/projects/${s.projectId}/events/${id}`)).json()) as {
        issue_id: number;
        exception: { values: Array<{ stacktrace: { frames: ApiFrame[] } }> };
      };
      issueIds.add(event.issue_id);
      const top = event.exception.values[0]!.stacktrace.frames.at(-1)!;
      expect(top).toMatchObject({
        filename: 'src/cart.js',
        function: 'applyDiscount',
        lineno: line,
        in_app: true,
      });
      expect(top.context_line).toContain('throw new Error(`Unknown discount code ${code}`)');
      expect(top.pre_context!.at(-1)).toContain('if (!(code in RULES))');
      expect(top.minified!.filename).toMatch(/index-[A-Z0-9]{8}\.js$/);
      expect(top.minified!.lineno).toBeLessThan(3);
      const caller = event.exception.values[0]!.stacktrace.frames.at(-2)!;
      expect(caller).toMatchObject({ filename: 'src/index.js', function: 'checkout' });
    }
    const devEvent = (await (await s.api(`/api/projects/${s.projectId}/events/${devId}`)).json()) as {
      issue_id: number;
    };
    issueIds.add(devEvent.issue_id);
    expect([...issueIds]).toHaveLength(1);
    const issue = (await (await s.api(`/api/projects/${s.projectId}/issues/${[...issueIds][0]}`)).json()) as {
      count: number;
      culprit: string;
    };
    expect(issue).toMatchObject({ count: 3, culprit: 'src/cart.js in applyDiscount' });
  });
});
