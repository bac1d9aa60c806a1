// `npm test`: every test, on PGlite and on a throwaway PostgreSQL 15, ending with one plain line
// "N passed, N failed" (CI reads that line, not vitest's summary).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';
import { pnpm } from './pnpm.mjs';
import { startPostgres } from './postgres.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
process.env.NO_COLOR = '1';
process.env.FORCE_COLOR = '0';
ensureDeps(root);
ensureChromium();
// the tests use @faultline/sdk as its users do, through the package's built exports
if (pnpm(['--filter', '@faultline/sdk', 'build'], { cwd: root, stdio: 'inherit' }) !== 0) {
  console.log('\nthe SDK did not build\n0 passed, 1 failed');
  process.exit(1);
}

// Browser tests drive Debian's Chromium (never a downloaded one); as root, install it when missing.
function ensureChromium() {
  if (existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) return;
  if (process.getuid?.() !== 0) {
    console.log(
      'Chromium is not installed (/usr/bin/chromium) and this is not root: the browser tests will fail.',
    );
    return;
  }
  console.log('Installing Chromium (apt-get, first run only)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env });
}

const out = mkdtempSync(join(tmpdir(), 'faultline-results-'));
const totals = { passed: 0, failed: 0 };

function vitest(label, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const file = join(out, `${label.replace(/\W+/g, '-')}.json`);
  const result = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${file}`,
      ...args,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } },
  );
  let report = null;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // no report: vitest itself failed
  }
  if (!report) {
    console.log(`${label}: vitest did not produce results (exit ${result.status})`);
    totals.failed += 1;
    return;
  }
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  // a file that failed to load, a global setup that threw, an unhandled error: no failed test, still a failure
  if (result.status !== 0 && !report.numFailedTests) {
    console.log(`${label}: vitest exited with ${result.status} without a failed test (see the errors above)`);
    totals.failed += 1;
  }
}

let pg = null;
try {
  vitest('all tests on PGlite', []);
  pg = await startPostgres();
  if (pg) {
    vitest('server and end-to-end tests on PostgreSQL 15', ['packages/server', 'test'], {
      FAULTLINE_TEST_DATABASE_URL: pg.url,
    });
    // release ordering once more on databases with a locale's collation (en-US, ICU) instead of C
    vitest(
      'release ordering on PostgreSQL 15 with an en-US collation',
      [
        'packages/server/src/issues/release-semantics.test.ts',
        'packages/server/src/releases/releases.test.ts',
      ],
      { FAULTLINE_TEST_DATABASE_URL: pg.url, FAULTLINE_TEST_DB_ICU: 'en-US' },
    );
  } else {
    console.log(
      '\nPostgreSQL binaries not found (/usr/lib/postgresql/15/bin): the PostgreSQL run could not happen.',
    );
    totals.failed += 1;
  }
} finally {
  pg?.stop();
  rmSync(out, { recursive: true, force: true });
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed ? 1 : 0);
