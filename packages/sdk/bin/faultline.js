#!/usr/bin/env node
// The `faultline` command. A file of its own, present from the moment the package is installed (a
// workspace links bins before it builds), that runs the built CLI.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2), process.env);
