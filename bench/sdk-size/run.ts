// SDK size: the browser bundle of an app that calls init + captureException, minified and gzipped,
// for @faultline/sdk and @sentry/browser built the same way in the same run.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const apps = {
  '@faultline/sdk':
    "import { init, captureException } from '@faultline/sdk'; init({ dsn: 'https://k@errors.example.com/1' }); captureException(new Error('x'));",
  '@sentry/browser':
    "import { init, captureException } from '@sentry/browser'; init({ dsn: 'https://k@errors.example.com/1' }); captureException(new Error('x'));",
};

const sizes: Record<string, { min: number; gzip: number }> = {};
for (const [name, contents] of Object.entries(apps)) {
  const result = await build({
    stdin: { contents, resolveDir: import.meta.dirname, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  sizes[name] = { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}
console.log('browser bundle, init + captureException (esbuild --minify, gzip -9):');
for (const [name, s] of Object.entries(sizes)) {
  console.log(
    `  ${name.padEnd(16)} ${(s.min / 1024).toFixed(1).padStart(6)} KB min   ${(s.gzip / 1024).toFixed(2).padStart(6)} KB min+gzip`,
  );
}
const ours = sizes['@faultline/sdk']!.gzip;
console.log(
  `  @sentry/browser is ${(sizes['@sentry/browser']!.gzip / ours).toFixed(1)}x the size of @faultline/sdk`,
);
