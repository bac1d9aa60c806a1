// Issue list render time in real Chromium: 100 issues (with their 24h sparklines) from a real server,
// measured by the UI itself from "data in hand" to the first 12 rows painted (performance measure
// "issues:render") and to all 100 rows painted ("issues:all"); see packages/ui/src/issues/list/progressive.ts.
// Bar: < 50 ms.
// Usage: pnpm bench:ui [runs]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const RUNS = Number(process.argv[2] ?? 20);
const ISSUES = 100;
const ADMIN = { email: 'bench@example.com', password: 'bench password 123' };
const TSX = import.meta.resolve('tsx');
const MAIN = fileURLToPath(new URL('../../packages/server/src/main.ts', import.meta.url));
const UI = fileURLToPath(new URL('../../packages/ui', import.meta.url));

const port = await new Promise<number>((resolve) => {
  const srv = createServer().listen(0, '127.0.0.1', () => {
    const { port } = srv.address() as { port: number };
    srv.close(() => resolve(port));
  });
});
execFileSync(process.execPath, [join(UI, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], {
  cwd: UI,
});
const dataDir = mkdtempSync(join(tmpdir(), 'faultline-bench-ui-'));
const server = spawn(process.execPath, ['--import', TSX, MAIN], {
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    FAULTLINE_DATA_DIR: dataDir,
    FAULTLINE_ADMIN_EMAIL: ADMIN.email,
    FAULTLINE_ADMIN_PASSWORD: ADMIN.password,
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const dsn = await new Promise<URL>((resolve, reject) => {
  let out = '';
  server.stdout!.on('data', (d) => {
    out += d;
    const m = /DSN:\s+(\S+)/.exec(out);
    if (m && out.includes('Faultline is running')) resolve(new URL(m[1]!));
  });
  server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
});
const base = `http://127.0.0.1:${port}`;
const projectId = dsn.pathname.slice(1);

try {
  // 100 distinct issues (different throw sites), a few events each spread over the last hours
  const now = Date.now();
  const events = Array.from({ length: ISSUES * 3 }, (_, n) => {
    const i = n % ISSUES;
    return {
      exception: {
        values: [
          {
            type: i % 2 ? 'TypeError' : 'RangeError',
            value: `Cannot process order ${n} in step ${i}`,
            stack: `Error: x\n    at handleStep${i} (/srv/app/src/steps/step${i}.js:${i + 1}:7)\n    at run (/srv/app/src/main.js:3:1)`,
          },
        ],
      },
      release: `shop@1.${i % 5}.0`,
      environment: 'production',
      timestamp: new Date(now - (n % 20) * 3_600_000).toISOString(),
    };
  });
  for (let i = 0; i < events.length; i += 100) {
    const res = await fetch(`${base}/api/${projectId}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-faultline-key': dsn.username },
      body: JSON.stringify({ events: events.slice(i, i + 100) }),
    });
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  }

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${base}/`);
  await page.fill('input[type=email]', ADMIN.email);
  await page.fill('input[type=password]', ADMIN.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('.issues');

  const rendered = async () => {
    const ms = await page.waitForFunction(() => {
      const [first] = performance.getEntriesByName('issues:render');
      const [all] = performance.getEntriesByName('issues:all');
      return first && all ? [first.duration, all.duration] : null;
    });
    const rows = await page.$$eval('.issue-row:not(.head)', (r) => r.length);
    if (rows !== ISSUES) throw new Error(`expected ${ISSUES} rows, saw ${rows}`);
    return (await ms.jsonValue()) as [number, number];
  };
  // cold: a page load (fresh JS heap, first layout); warm: switching a filter in a loaded page
  const times = { cold: [[], []] as number[][], warm: [[], []] as number[][] }; // [first rows, all rows]
  for (let run = 0; run < RUNS + 2; run++) {
    await page.goto(`${base}/p/${projectId}/issues?status=unresolved`);
    const [first, all] = await rendered();
    if (run < 2) continue; // the first two loads warm Chromium's caches
    times.cold[0]!.push(first);
    times.cold[1]!.push(all);
    for (const status of ['all', 'unresolved']) {
      await page.evaluate(() => performance.clearMeasures());
      await page.click(`button:has-text("${status}")`);
      const [first, all] = await rendered();
      times.warm[0]!.push(first);
      times.warm[1]!.push(all);
    }
  }
  await browser.close();
  const report = (name: string, times: number[]) => {
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
    console.log(
      `  ${name}: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms (${times.length} renders)`,
    );
  };
  console.log(
    `issue list, ${ISSUES} rows with sparklines, data in hand → rows painted, Chromium headless (bar: < 50 ms)`,
  );
  // a page load paints the first 12 rows (a screenful), then the rest; a filter switch paints all rows at once
  report('page load, first screen (12 rows)', times.cold[0]!);
  report('page load, all 100 rows         ', times.cold[1]!);
  report('filter switch, 100 rows         ', times.warm[1]!);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
