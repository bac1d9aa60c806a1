// Builds the publishable package into dist/: ESM and CommonJS for Node and for bundlers, types, two
// minified browser builds for <script> tags (served by Faultline at /sdk/v1/), and the CLI.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

process.chdir(import.meta.dirname);
rmSync('dist', { recursive: true, force: true });
const common = { bundle: true, sourcemap: true, logLevel: 'warning' };

// The framework helpers import the client API from the package's main entry instead of bundling a
// copy of it: `errorHandler()` must report through the client that `init()` of '@faultline/sdk' made.
const sharedClient = {
  name: 'shared-client',
  setup(b) {
    b.onResolve({ filter: /^\.\/api\.js$/ }, ({ importer }) =>
      /[\\/](hono|express)\.ts$/.test(importer) ? { path: '@faultline/sdk', external: true } : undefined,
    );
  },
};

for (const [format, ext] of [
  ['esm', '.js'],
  ['cjs', '.cjs'],
]) {
  await build({
    ...common,
    format,
    entryPoints: { node: 'src/node.ts', hono: 'src/hono.ts', express: 'src/express.ts' },
    outdir: 'dist',
    outExtension: { '.js': ext },
    platform: 'node',
    target: 'node18',
    external: ['hono'],
    plugins: [sharedClient],
  });
  await build({
    ...common,
    format,
    entryPoints: { browser: 'src/browser.ts' },
    outdir: 'dist',
    outExtension: { '.js': ext },
    platform: 'browser',
    target: 'es2020',
  });
}

const script = {
  ...common,
  entryPoints: ['src/browser.ts'],
  platform: 'browser',
  target: 'es2020',
  minify: true,
};
await build({ ...script, format: 'iife', globalName: 'Faultline', outfile: 'dist/faultline.min.js' });
await build({ ...script, format: 'esm', outfile: 'dist/faultline.esm.min.js' });

await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  format: 'esm',
  platform: 'node',
  target: 'node18',
});

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
