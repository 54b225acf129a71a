import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { demoWorkspaceFile } from './global-setup.js';
import { e2eRoot } from './paths.js';

/** The Electron executable, or null when the package was installed without its binary. */
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) process.stdout.write('electron.smoke: skipped, no Electron binary is installed (node_modules/electron has no dist).\n');

test.describe('desktop shell', () => {
  // Skipped where Electron's binary cannot be downloaded (this CI installs with
  // ELECTRON_SKIP_BINARY_DOWNLOAD=1); it runs on any machine that has the binary.
  test.skip(binary === null, 'No Electron binary is installed (node_modules/electron has no dist); the browser suite covers the window.');

  test('opens the last workspace in a locked-down window with the API on window.api only', async () => {
    const userData = join(e2eRoot(), 'electron-user-data');
    mkdirSync(userData, { recursive: true });
    const workspace = join(userData, 'smoke.psw');
    copyFileSync(demoWorkspaceFile(), workspace);
    writeFileSync(join(userData, 'settings.json'), JSON.stringify({ lastWorkspace: workspace, recent: [workspace] }));
    const app = await electron.launch({ executablePath: binary!, args: ['.'], env: { ...process.env, POLICYSENTINEL_USER_DATA: userData } });
    try {
      const page = await app.firstWindow();
      expect(page.url()).toBe('app://renderer/index.html');
      const seen = await page.evaluate(async () => {
        const w = window as unknown as { api: { getWorkspace(a: object): Promise<{ path: string; host: string }> }; require?: unknown; process?: unknown };
        return { info: await w.api.getWorkspace({}), require: typeof w.require, process: typeof w.process };
      });
      expect(seen).toEqual({ info: expect.objectContaining({ path: workspace, host: 'electron' }), require: 'undefined', process: 'undefined' });
      // Navigation away is refused: the window stays on the renderer.
      await page.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      await expect.poll(() => page.url()).toBe('app://renderer/index.html');
    } finally {
      await app.close();
    }
  });
});
