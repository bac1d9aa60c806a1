#!/usr/bin/env node
// The `faultline` command for CI: deploy markers and source map uploads.
import { pathToFileURL } from 'node:url';
import { DeployError } from '../deploy.js';
import { UsageError } from './args.js';
import { deployCommand, DEPLOY_HELP } from './deploy.js';
import { sourcemapsCommand, SOURCEMAPS_HELP } from './sourcemaps.js';

const HELP = `faultline — Faultline from CI

  faultline deploy --release R --env E [--revision SHA] …     record a deploy
  faultline sourcemaps upload <dir> --release R [--url-prefix ~/assets]

Run a command with --help for its options. Exit codes: 0 done, 1 failed, 2 wrong usage.`;

export async function main(
  argv: string[],
  env: Record<string, string | undefined>,
  out = console.log,
  err = console.error,
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'deploy') await deployCommand(rest, env, out);
    else if (command === 'sourcemaps') await sourcemapsCommand(rest, env, out);
    else if (!command || command === 'help' || command === '--help' || command === '-h') out(HELP);
    else throw new UsageError(`unknown command "${command}"`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`faultline: ${e.message}\n`);
      err(command === 'deploy' ? DEPLOY_HELP : command === 'sourcemaps' ? SOURCEMAPS_HELP : HELP);
      return 2;
    }
    err(`faultline: ${e instanceof DeployError ? e.message : String(e)}`);
    return 1;
  }
}

// run as a script (`node --import tsx src/cli/main.ts`); the installed command goes through bin/faultline.js
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2), process.env);
}
