#!/usr/bin/env node
// Entry point for the `deskmail` command: runs the TypeScript sources through tsx,
// so a checkout works with `npx deskmail ...` and no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
