import type { MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';

/** What the menu can ask the app to do; each opens its own native dialog. */
export interface MenuActions {
  newWorkspace(): void;
  openWorkspace(): void;
  saveWorkspaceAs(): void;
  openRecent(path: string): void;
  showWorkspaceInFolder(): void;
  about(): void;
}

export function appMenuTemplate(actions: MenuActions, recent: string[], platform: NodeJS.Platform = process.platform): MenuItemConstructorOptions[] {
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? recent.map((path) => ({ label: `${basename(path)} — ${path}`, click: () => actions.openRecent(path) }))
    : [{ label: 'No recent workspaces', enabled: false }];
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New workspace…', accelerator: 'CmdOrCtrl+N', click: () => actions.newWorkspace() },
      { label: 'Open workspace…', accelerator: 'CmdOrCtrl+O', click: () => actions.openWorkspace() },
      { label: 'Save workspace as…', accelerator: 'CmdOrCtrl+Shift+S', click: () => actions.saveWorkspaceAs() },
      { label: 'Open recent', submenu: recentItems },
      { type: 'separator' },
      { label: 'Show workspace in folder', click: () => actions.showWorkspaceInFolder() },
      { type: 'separator' },
      platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const menus: MenuItemConstructorOptions[] = [
    file,
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        { role: 'toggleDevTools' },
      ],
    },
    { role: 'help', submenu: [{ label: 'About PolicySentinel', click: () => actions.about() }] },
  ];
  return platform === 'darwin' ? [{ role: 'appMenu' }, ...menus] : menus;
}
