#!/usr/bin/env node
// `npm start`: the desktop app when its Electron binary is installed; otherwise the same window in
// the browser, served on 127.0.0.1 by the web host. Arguments go to the web host (--workspace, --port).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureRenderer, ROOT } from './renderer-build.mjs';

/** The Electron executable, or null when the package is installed without its binary. */
function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function openInBrowser(url) {
  if (process.env.POLICYSENTINEL_NO_BROWSER) return;
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? null : 'xdg-open';
  if (!command) return;
  const opener = spawn(command, [url], { stdio: 'ignore', detached: true });
  opener.on('error', () => {}); // No opener here: the address is printed, that is enough.
  opener.unref();
}

const electron = electronBinary();
if (electron) {
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  forwardSignals(spawn(electron, [ROOT], { stdio: 'inherit' }));
} else {
  try {
    await ensureRenderer();
  } catch (error) {
    process.stderr.write(`Could not build the window files: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const entry = join(ROOT, 'src', 'main', 'web-host', 'serve-main.ts');
  const child = spawn(process.execPath, [tsx, entry, ...process.argv.slice(2)], { stdio: ['inherit', 'pipe', 'inherit'] });
  forwardSignals(child);
  createInterface({ input: child.stdout }).on('line', (line) => {
    process.stdout.write(`${line}\n`);
    const url = /^PolicySentinel is serving .* at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/.exec(line)?.[1];
    if (!url) return;
    process.stdout.write(`The desktop shell is not installed here; opening the browser version: ${url}\n`);
    openInBrowser(url);
  });
}
