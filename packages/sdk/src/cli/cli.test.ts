import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { recordingServer } from '../test-server.js';
import { main } from './main.js';

// The deploy and source map endpoints arrive with their own issues (#5, #6): until then these tests
// run the CLI against a recording stub server that answers like api.md says.
let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function run(argv: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    env,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('faultline deploy', () => {
  it('posts the deploy with the token, server and project from the environment', async () => {
    const srv = await recordingServer(() => ({ status: 201, body: '{"id": 12}' }));
    close = srv.close;
    const env = {
      FAULTLINE_URL: srv.url,
      FAULTLINE_PROJECT: '3',
      FAULTLINE_TOKEN: 'flt_x',
      GITHUB_SHA: 'abc123',
    };
    const r = await run(
      [
        'deploy',
        '--release',
        '1.4.2',
        '--env',
        'production',
        '--deployer',
        'ci',
        '--url',
        'https://ci/run/9',
      ],
      env,
    );
    expect(r).toMatchObject({ code: 0, out: 'Recorded deploy 12 of 1.4.2 to production.' });
    expect(srv.received[0]).toMatchObject({ method: 'POST', url: '/api/projects/3/deploys' });
    expect(srv.received[0]!.headers.authorization).toBe('Bearer flt_x');
    expect(JSON.parse(srv.received[0]!.body)).toEqual({
      release: '1.4.2',
      environment: 'production',
      revision: 'abc123',
      url: 'https://ci/run/9',
      deployer: 'ci',
    });
  });

  it('takes server and project from the DSN', async () => {
    const srv = await recordingServer(() => ({ status: 201, body: '{"id": 1}' }));
    close = srv.close;
    const dsn = srv.url.replace('http://', 'http://0123456789abcdef0123456789abcdef@') + '/5';
    const r = await run(['deploy', '--release', 'r', '--env', 'e'], {
      FAULTLINE_DSN: dsn,
      FAULTLINE_TOKEN: 't',
    });
    expect(r.code).toBe(0);
    expect(srv.received[0]!.url).toBe('/api/projects/5/deploys');
  });

  it('explains what to fix, with exit codes 1 and 2', async () => {
    const srv = await recordingServer(() => ({
      status: 403,
      body: '{"error":{"code":"forbidden","message":"this needs the \\"project:write\\" scope"}}',
    }));
    close = srv.close;
    const env = { FAULTLINE_URL: srv.url, FAULTLINE_PROJECT: '1', FAULTLINE_TOKEN: 't' };
    const refused = await run(['deploy', '--release', 'r', '--env', 'e'], env);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/refused the deploy: 403 .*project:write/);
    const noToken = await run(['deploy', '--release', 'r', '--env', 'e'], {
      FAULTLINE_URL: srv.url,
      FAULTLINE_PROJECT: '1',
    });
    expect(noToken).toMatchObject({ code: 1 });
    expect(noToken.err).toContain('FAULTLINE_TOKEN');
    const missing = await run(['deploy', '--env', 'e'], env);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--release is required');
    const unreachable = await run(['deploy', '--release', 'r', '--env', 'e'], {
      ...env,
      FAULTLINE_URL: 'http://127.0.0.1:9',
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.err).toContain('could not reach');
  });

  it('prints help for every command', async () => {
    for (const argv of [
      ['--help'],
      ['deploy', '--help'],
      ['sourcemaps', 'upload', '--help'],
      ['sourcemaps'],
    ]) {
      const r = await run(argv, {});
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.out).toMatch(/faultline/);
    }
    expect((await run(['frobnicate'], {})).code).toBe(2);
  });
});

describe('faultline sourcemaps upload', () => {
  it('uploads every js + map pair with its URL, a line per file and a summary', async () => {
    const srv = await recordingServer(() => ({ status: 201 }));
    close = srv.close;
    const dir = mkdtempSync(join(tmpdir(), 'faultline-maps-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'chunks'));
    writeFileSync(join(dir, 'app-3F2A.js'), 'x');
    writeFileSync(
      join(dir, 'app-3F2A.js.map'),
      JSON.stringify({ version: 3, sources: [], mappings: '', debug_id: 'd1' }),
    );
    writeFileSync(join(dir, 'chunks', 'c-1.js'), 'x');
    writeFileSync(join(dir, 'chunks', 'c-1.js.map'), '{"version":3,"sources":[],"mappings":""}');
    writeFileSync(join(dir, 'no-map.js'), 'x');
    const env = { FAULTLINE_URL: srv.url, FAULTLINE_PROJECT: '2', FAULTLINE_TOKEN: 't' };
    const r = await run(['sourcemaps', 'upload', dir, '--release', '2.0.0', '--url-prefix', '~/assets'], env);
    expect(r.code).toBe(0);
    expect(r.out).toContain('uploaded app-3F2A.js.map for ~/assets/app-3F2A.js');
    expect(r.out).toContain('2 of 2 source maps uploaded for release 2.0.0.');
    expect(srv.received.map((x) => x.url)).toEqual([
      '/api/projects/2/sourcemaps',
      '/api/projects/2/sourcemaps',
    ]);
    expect(srv.received[0]!.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(srv.received[0]!.body).toContain('~/assets/app-3F2A.js');
    expect(srv.received[0]!.body).toContain('name="debug_id"');
    expect(srv.received[1]!.body).toContain('~/assets/chunks/c-1.js');
  });

  it('fails with exit code 1 when an upload fails, and 2 when there is nothing to upload', async () => {
    const srv = await recordingServer(() => ({
      status: 413,
      body: '{"error":{"code":"payload_too_large","message":"map too large"}}',
    }));
    close = srv.close;
    const dir = mkdtempSync(join(tmpdir(), 'faultline-maps-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'a.js'), 'x');
    writeFileSync(join(dir, 'a.js.map'), '{}');
    const env = { FAULTLINE_URL: srv.url, FAULTLINE_PROJECT: '2', FAULTLINE_TOKEN: 't' };
    const r = await run(['sourcemaps', 'upload', dir, '--release', '1'], env);
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAILED   a.js.map: 413 map too large');
    expect((await run(['sourcemaps', 'upload', join(dir, 'nope'), '--release', '1'], env)).code).toBe(2);
  });

  it('runs as a command with real exit codes', () => {
    const cli = join(import.meta.dirname, 'main.ts');
    const res = spawnSync(process.execPath, ['--import', 'tsx', cli, 'deploy', '--env', 'x'], {
      encoding: 'utf8',
      cwd: import.meta.dirname,
    });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('--release is required');
  });
});
