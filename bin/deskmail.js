#!/usr/bin/env node
// Entry point for the `deskmail` command: runs the TypeScript sources through tsx,
// so a checkout works with `npx deskmail ...` and no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
// A command whose work is done ends, even when a library left a connection or a timer behind.
setTimeout(() => process.exit(), 1000).unref();
