// Builds the window files (out/renderer) when they are missing or older than their sources; only
// the renderer, so a web-only start does not depend on the desktop bundles building.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RENDERER_INDEX = join(ROOT, 'out', 'renderer', 'index.html');
const SOURCES = [join(ROOT, 'src', 'renderer'), join(ROOT, 'src', 'shared')];

function newestMtime(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function rendererIsStale() {
  if (!existsSync(RENDERER_INDEX)) return true;
  const built = statSync(RENDERER_INDEX).mtimeMs;
  return SOURCES.some((dir) => existsSync(dir) && newestMtime(dir) > built);
}

/** Returns true when it built. Build output goes to stderr: stdout is for the one address line. */
export async function ensureRenderer({ force = false } = {}) {
  if (!force && !rendererIsStale()) return false;
  process.stderr.write('Building the window files (out/renderer)…\n');
  process.env.NODE_ENV_ELECTRON_VITE = 'production';
  const { resolveConfig } = await import('electron-vite');
  const { build } = await import('vite');
  const resolved = await resolveConfig({ root: ROOT, configFile: join(ROOT, 'electron.vite.config.ts') }, 'build', 'production');
  const renderer = resolved.config?.renderer;
  if (!renderer) throw new Error('electron.vite.config.ts has no renderer section.');
  await build({ ...renderer, logLevel: 'warn' });
  return true;
}
