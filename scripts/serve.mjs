#!/usr/bin/env node
// `npm run -s serve -- [--workspace FILE] [--port N]`: the app in a browser, over 127.0.0.1 only.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureRenderer, ROOT } from './renderer-build.mjs';

try {
  await ensureRenderer();
} catch (error) {
  process.stderr.write(`Could not build the window files: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const entry = join(ROOT, 'src', 'main', 'web-host', 'serve-main.ts');
const child = spawn(process.execPath, [tsx, entry, ...process.argv.slice(2)], { stdio: 'inherit' });
// Ctrl-C reaches the child from the terminal too; a SIGTERM to this process must be passed on.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
