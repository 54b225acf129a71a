#!/usr/bin/env node
// `npm start`: the desktop app opens on the last workspace, or on the demo workspace at first run.
// This build ships the engine and its command line; the start command builds the demo workspace,
// scans it and prints the summary, so a first run shows what the product finds.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../src/main/cli/main.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
const result = spawnSync(process.execPath, [tsx, cli, 'demo', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
