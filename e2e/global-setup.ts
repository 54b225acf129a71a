import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { demoDir, makeE2eRoot, SCREENSHOTS } from './paths.js';

/** Builds the app once and one scanned demo workspace that each test copies. */
export default function globalSetup(): () => void {
  if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    throw new Error('Chromium not found at /usr/bin/chromium: install it with `apt-get install -y chromium` (or set CHROMIUM_PATH).');
  }
  const root = makeE2eRoot();
  const DEMO_DIR = demoDir();
  mkdirSync(DEMO_DIR, { recursive: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/main/cli/main.ts', 'demo', '--dir', DEMO_DIR, '--json'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!readdirSync(DEMO_DIR).some((f) => f.endsWith('.psw'))) throw new Error(`The demo workspace was not built in ${DEMO_DIR}.`);
  return () => rmSync(root, { recursive: true, force: true });
}

export function demoWorkspaceFile(): string {
  const file = readdirSync(demoDir()).find((f) => f.endsWith('.psw'));
  if (!file) throw new Error(`No demo workspace in ${demoDir()}`);
  return join(demoDir(), file);
}
