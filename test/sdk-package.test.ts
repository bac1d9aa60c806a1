// @faultline/sdk as its users get it: `npm pack` in packages/sdk, the tarball installed with plain npm
// into a fresh app outside the workspace (no bundler), then real apps of every kind and the CLI.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN, type TestServer } from '@faultline/server/testing';
import { waitForIssues } from './helpers/issues.js';

const run = promisify(execFile);
const sdkDir = fileURLToPath(new URL('../packages/sdk', import.meta.url));
const app = mkdtempSync(join(tmpdir(), 'faultline-sdk-app-'));
let s: TestServer;
let files: string[];

/**
 * A copy of packages/sdk as a fresh clone has it (sources, no dist), with the workspace's installed
 * build tools: `npm pack` there builds in prepack without touching the dist/ other tests are using.
 */
function freshCopy(): string {
  const root = join(app, 'clone');
  const copy = join(root, 'packages/sdk');
  for (const entry of [
    'src',
    'bin',
    'build.mjs',
    'package.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'README.md',
  ])
    cpSync(join(sdkDir, entry), join(copy, entry), { recursive: true });
  cpSync(join(sdkDir, '../../tsconfig.base.json'), join(root, 'tsconfig.base.json'));
  symlinkSync(join(sdkDir, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

beforeAll(async () => {
  s = await startTestServer();
  const packed = await run('npm', ['pack', '--pack-destination', app, '--json'], { cwd: freshCopy() });
  files = (JSON.parse(packed.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map(
    (f) => f.path,
  );
  const tarball = readdirSync(app).find((f) => f.endsWith('.tgz'))!;
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'shop', private: true }));
  await run(
    'npm',
    [
      'install',
      `./${tarball}`,
      'express@5.3.0',
      'hono@4.13.19',
      '@hono/node-server@2.1.8',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
    ],
    { cwd: app },
  );
}, 180_000);
afterAll(async () => {
  await s?.close();
  rmSync(app, { recursive: true, force: true });
});

/** Writes an app file and runs it with plain node, the DSN in the environment. */
async function node(file: string, source: string): Promise<string> {
  writeFileSync(join(app, file), source);
  const { stdout } = await run(process.execPath, [file], { cwd: app, env: { ...process.env, DSN: s.dsn } });
  return stdout;
}

const titles = async (text: string) =>
  (await waitForIssues(s, (all) => all.some((i) => i.title.includes(text)))).filter((i) =>
    i.title.includes(text),
  );

describe('the packed SDK, installed with npm', () => {
  it('holds built JavaScript, types and the CLI, no sources', () => {
    for (const f of ['dist/node.js', 'dist/node.cjs', 'dist/node.d.ts', 'dist/browser.js', 'dist/hono.js'])
      expect(files).toContain(f);
    expect(files).toContain('dist/faultline.min.js');
    expect(files).toContain('bin/faultline.js');
    expect(files).toContain('README.md');
    expect(files.filter((f) => f.startsWith('src/'))).toEqual([]);
  });

  it('a Node ESM app reports an error', async () => {
    await node(
      'esm.mjs',
      `import { init, captureException, flush } from '@faultline/sdk';
init({ dsn: process.env.DSN, release: 'shop@1.0.0', autoCapture: false });
try { JSON.parse('{'); } catch (err) { captureException(new SyntaxError('broken esm cart', { cause: err })); }
await flush(5000);`,
    );
    expect(await titles('broken esm')).toHaveLength(1);
  });

  it('a Node CommonJS app reports an error', async () => {
    await node(
      'cjs.cjs',
      `const { init, captureException, flush } = require('@faultline/sdk');
init({ dsn: process.env.DSN, release: 'shop@1.0.0', autoCapture: false });
try { null.cart.total; } catch (err) { captureException(new Error('commonjs checkout failed', { cause: err })); }
flush(5000);`,
    );
    expect(await titles('commonjs checkout failed')).toHaveLength(1);
  });

  it('an express app (CommonJS): the helpers report through the client of init()', async () => {
    await node(
      'express.cjs',
      `const express = require('express');
const { init, flush, addBreadcrumb } = require('@faultline/sdk');
const { requestHandler, errorHandler } = require('@faultline/sdk/express');
init({ dsn: process.env.DSN, release: 'shop@1.0.0', autoCapture: false });
const app = express();
app.use(requestHandler());
app.get('/orders/:id', (req) => { addBreadcrumb({ message: 'loading order ' + req.params.id }); throw new RangeError('express order failed'); });
app.use(errorHandler());
app.use((err, req, res, next) => res.status(500).end());
const server = app.listen(0, async () => {
  await fetch('http://127.0.0.1:' + server.address().port + '/orders/7');
  await flush(5000);
  server.close();
});`,
    );
    const [issue] = await titles('express order failed');
    const detail = (await (await s.api(`/api/projects/${s.projectId}/issues/${issue!.id}`)).json()) as {
      latest_event: { request: { url: string }; breadcrumbs: Array<{ message: string }> };
    };
    expect(detail.latest_event.request.url).toContain('/orders/7');
    expect(detail.latest_event.breadcrumbs.map((b) => b.message)).toContain('loading order 7');
  });

  it('a hono app (ESM) reports a route error with its request', async () => {
    await node(
      'hono.mjs',
      `import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { init, flush } from '@faultline/sdk';
import { faultline } from '@faultline/sdk/hono';
init({ dsn: process.env.DSN, release: 'shop@1.0.0', autoCapture: false });
const app = new Hono();
app.onError((err, c) => c.text('failed', 500));
app.use(faultline());
app.get('/cart', () => { throw new TypeError('hono cart failed'); });
const server = serve({ fetch: app.fetch, port: 0 }, async (info) => {
  await fetch('http://127.0.0.1:' + info.port + '/cart');
  await flush(5000);
  server.close();
});`,
    );
    expect(await titles('hono cart failed')).toHaveLength(1);
  });

  it('the faultline command from the install records a deploy', async () => {
    const bin = join(app, 'node_modules/.bin/faultline');
    const help = await run(bin, ['--help'], { cwd: app });
    expect(help.stdout).toContain('deploy');
    const env = {
      ...process.env,
      FAULTLINE_URL: s.url,
      FAULTLINE_PROJECT: String(s.projectId),
      FAULTLINE_TOKEN: TEST_ADMIN.token,
    };
    await run(bin, ['deploy', '--release', 'shop@1.0.1', '--env', 'production', '--revision', 'abc123'], {
      cwd: app,
      env,
    });
    const { deploys } = (await (await s.api(`/api/projects/${s.projectId}/deploys`)).json()) as {
      deploys: Array<{ release: string; revision: string }>;
    };
    expect(deploys).toContainEqual(expect.objectContaining({ release: 'shop@1.0.1', revision: 'abc123' }));
  });
});
