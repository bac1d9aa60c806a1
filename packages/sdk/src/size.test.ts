import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The browser bundle of an app that calls init + captureException, minified like a production build.
export async function browserBundleSize(): Promise<{ min: number; gzip: number }> {
  const result = await build({
    stdin: {
      contents:
        "import { init, captureException } from './browser.ts'; init({ dsn: 'https://k@errors.example.com/1' }); captureException(new Error('x'));",
      resolveDir: import.meta.dirname,
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    platform: 'browser',
    write: false,
  });
  const code = result.outputFiles[0]!.contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

describe('browser bundle size', () => {
  it('stays within 3 KB min+gzip (init + captureException)', async () => {
    const { gzip, min } = await browserBundleSize();
    console.log(`@faultline/sdk browser bundle: ${min} B min, ${gzip} B min+gzip`);
    expect(gzip).toBeLessThanOrEqual(3 * 1024);
  });

  it('has no Node imports in the browser entry', async () => {
    const result = await build({
      entryPoints: [`${import.meta.dirname}/browser.ts`],
      bundle: true,
      platform: 'neutral',
      write: false,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
  });
});
