import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const uiDir = fileURLToPath(new URL('../../packages/ui', import.meta.url));

/** Builds the UI into `outDir`: each UI test file its own, since they build at the same time. */
export function buildUi(outDir: string): string {
  execFileSync(
    process.execPath,
    [
      join(uiDir, 'node_modules/vite/bin/vite.js'),
      'build',
      '--logLevel',
      'error',
      '--outDir',
      outDir,
      '--emptyOutDir',
    ],
    { cwd: uiDir },
  );
  return outDir;
}

/** Logs in through the login form and waits for the issue list. */
export async function logIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.fill('input[type=email]', email);
  await page.fill('input[type=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('.issues');
}
