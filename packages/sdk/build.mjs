// Bundles the SDK for use outside this repository: ESM for browsers and Node, and the CLI.
import { build } from 'esbuild';

const common = { bundle: true, format: 'esm', sourcemap: true, target: 'es2020', logLevel: 'warning' };
await build({
  ...common,
  entryPoints: ['src/browser.ts'],
  outfile: 'dist/browser.js',
  platform: 'browser',
  minify: true,
});
await build({
  ...common,
  entryPoints: { node: 'src/node.ts', hono: 'src/hono.ts', express: 'src/express.ts' },
  outdir: 'dist',
  platform: 'node',
  external: ['hono'],
});
await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  platform: 'node',
  target: 'node20',
});
