import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../core/logger.js';

const log = createLogger('desktop-settings');

/** What the desktop app remembers between starts, in `settings.json` of its user data folder. */
export interface DesktopSettings {
  lastWorkspace: string | null;
  /** Most recent first. */
  recent: string[];
}

const RECENT_LIMIT = 8;
const EMPTY: DesktopSettings = { lastWorkspace: null, recent: [] };

export function settingsPath(userDataDir: string): string {
  return join(userDataDir, 'settings.json');
}

/** A missing or damaged file gives the defaults: forgetting recent files must never stop the app. */
export function loadSettings(userDataDir: string): DesktopSettings {
  let text: string;
  try {
    text = readFileSync(settingsPath(userDataDir), 'utf8');
  } catch {
    return { ...EMPTY, recent: [] };
  }
  try {
    const value = JSON.parse(text) as Partial<DesktopSettings>;
    return {
      lastWorkspace: typeof value.lastWorkspace === 'string' ? value.lastWorkspace : null,
      recent: Array.isArray(value.recent) ? value.recent.filter((p): p is string => typeof p === 'string').slice(0, RECENT_LIMIT) : [],
    };
  } catch {
    log.warn('settings file is damaged; starting with defaults', { path: settingsPath(userDataDir) });
    return { ...EMPTY, recent: [] };
  }
}

export function saveSettings(userDataDir: string, settings: DesktopSettings): void {
  mkdirSync(userDataDir, { recursive: true });
  const path = settingsPath(userDataDir);
  // Write then rename, so a crash mid-write leaves the old file rather than half a file.
  writeFileSync(`${path}.tmp`, JSON.stringify(settings, null, 2));
  renameSync(`${path}.tmp`, path);
}

export function rememberWorkspace(settings: DesktopSettings, path: string): DesktopSettings {
  return { lastWorkspace: path, recent: [path, ...settings.recent.filter((p) => p !== path)].slice(0, RECENT_LIMIT) };
}
