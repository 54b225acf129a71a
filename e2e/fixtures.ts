import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { demoWorkspaceFile } from './global-setup.js';
import { e2eRoot, SCREENSHOTS } from './paths.js';

export interface AppHost {
  /** `http://127.0.0.1:PORT/?token=…` */
  url: string;
  workspacePath: string;
  /** Opens a screen (`violations`, `rules/new`, …) and waits until the shell has loaded the workspace. */
  open(page: Page, hash?: string): Promise<void>;
}

/** Starts the web host (the same command a user runs) and resolves with the address it prints. */
async function startHost(workspacePath: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn('npm', ['run', '-s', 'serve', '--', '--workspace', workspacePath, '--port', '0'], {
    cwd: process.cwd(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, POLICYSENTINEL_NO_BROWSER: '1' },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The web host did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The web host exited (${code}) before serving:\n${output}`));
    });
  });
  return { url, child };
}

function stopHost(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      resolve();
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

/** Serves `workspacePath` for one test, then stops the host and removes `dir`. */
async function hostFor(dir: string, workspacePath: string, use: (app: AppHost) => Promise<void>): Promise<void> {
  const { url, child } = await startHost(workspacePath);
  const app: AppHost = {
    url,
    workspacePath,
    async open(page, hash = 'dashboard') {
      await page.goto(`${url}#/${hash}`);
      await expect(page.locator('.app[data-ready="true"]')).toBeVisible();
    },
  };
  try {
    await use(app);
  } finally {
    await stopHost(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

export const test = base.extend<{ app: AppHost; emptyApp: AppHost }>({
  /** The host on a fresh copy of the scanned demo workspace. */
  app: async ({}, use) => {
    const dir = mkdtempSync(join(e2eRoot(), 'ws-'));
    const workspacePath = join(dir, 'workspace.psw');
    copyFileSync(demoWorkspaceFile(), workspacePath);
    await hostFor(dir, workspacePath, use);
  },
  /** The host on a brand-new workspace made by `init`, as a first-time user has it. */
  emptyApp: async ({}, use) => {
    const dir = mkdtempSync(join(e2eRoot(), 'empty-'));
    const workspacePath = join(dir, 'workspace.psw');
    execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/main/cli/main.ts', 'init', workspacePath], { stdio: ['ignore', 'ignore', 'inherit'] });
    await hostFor(dir, workspacePath, use);
  },
});

/**
 * Saves a screenshot of the whole screen under e2e/screenshots/NAME.png. The content pane scrolls
 * on its own, so the window is made tall enough to show all of it first.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize();
  const needed = await page.evaluate(() => {
    const content = document.querySelector('.content');
    return content ? content.scrollHeight + (window.innerHeight - content.clientHeight) : document.documentElement.scrollHeight;
  });
  if (viewport && needed > viewport.height) await page.setViewportSize({ width: viewport.width, height: Math.min(needed, 6000) });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  if (viewport && needed > viewport.height) await page.setViewportSize(viewport);
}

export { expect };
