import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { tempDir } from '../../../test-support/cli-harness.js';
import { createWorkspace } from '../core/workspace/open-workspace.js';

type Handler = (...args: unknown[]) => unknown;

/** A stand-in for the parts of Electron the shell touches, recording what it was asked. */
const fake = vi.hoisted(() => {
  const state = {
    userData: '',
    windows: [] as Array<{ options: Record<string, unknown>; on: Record<string, Handler>; openHandler: Handler | null; sent: unknown[][]; loaded: string[]; reloads: number }>,
    ipc: new Map<string, Handler>(),
    permissionHandler: null as Handler | null,
    headersHandler: null as Handler | null,
    menu: null as unknown,
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, Handler>(),
    appEvents: new Map<string, Handler>(),
  };
  const session = {
    setPermissionRequestHandler: (h: Handler) => (state.permissionHandler = h),
    setPermissionCheckHandler: () => undefined,
    webRequest: { onHeadersReceived: (h: Handler) => (state.headersHandler = h) },
  };
  class BrowserWindow {
    private record;
    webContents;
    constructor(options: Record<string, unknown>) {
      this.record = { options, on: {} as Record<string, Handler>, openHandler: null as Handler | null, sent: [] as unknown[][], loaded: [] as string[], reloads: 0 };
      state.windows.push(this.record);
      const record = this.record;
      this.webContents = {
        session,
        on: (name: string, h: Handler) => (record.on[name] = h),
        setWindowOpenHandler: (h: Handler) => (record.openHandler = h),
        send: (...args: unknown[]) => record.sent.push(args),
        reload: () => (record.reloads += 1),
      };
    }
    once() {}
    show() {}
    setTitle() {}
    isDestroyed() {
      return false;
    }
    async loadURL(url: string) {
      this.record.loaded.push(url);
    }
  }
  return { state, BrowserWindow };
});

vi.mock('electron', () => ({
  app: {
    enableSandbox: () => undefined,
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    getPath: () => fake.state.userData,
    setPath: () => undefined,
    getVersion: () => '0.1.0',
    isPackaged: false,
    on: (name: string, h: Handler) => fake.state.appEvents.set(name, h),
    quit: () => undefined,
    exit: () => undefined,
  },
  BrowserWindow: fake.BrowserWindow,
  ipcMain: { handle: (channel: string, h: Handler) => fake.state.ipc.set(channel, h), removeHandler: (c: string) => fake.state.ipc.delete(c) },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (fake.state.menu = m) },
  protocol: {
    registerSchemesAsPrivileged: (s: unknown[]) => fake.state.privileged.push(...s),
    handle: (scheme: string, h: Handler) => fake.state.protocolHandlers.set(scheme, h),
  },
  dialog: { showErrorBox: vi.fn(), showSaveDialog: vi.fn(), showOpenDialog: vi.fn(), showMessageBox: vi.fn() },
  shell: { showItemInFolder: vi.fn() },
}));

const { startDesktopApp } = await import('./desktop-app.js');

describe('desktop shell (mocked Electron)', () => {
  const tmp = tempDir('desktop');
  const workspace = join(tmp.dir, 'audit.psw');
  const other = join(tmp.dir, 'other.psw');
  let started: Awaited<ReturnType<typeof startDesktopApp>>;

  beforeAll(async () => {
    createWorkspace(workspace).close();
    createWorkspace(other).close();
    fake.state.userData = join(tmp.dir, 'user-data');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(fake.state.userData);
    writeFileSync(join(fake.state.userData, 'settings.json'), JSON.stringify({ lastWorkspace: workspace, recent: [workspace] }));
    started = await startDesktopApp({});
  });
  afterAll(async () => {
    await started?.session.dispose();
    tmp.remove();
  });

  it('opens one sandboxed, isolated window without Node, on the app scheme, with a CommonJS preload', () => {
    expect(fake.state.windows).toHaveLength(1);
    const prefs = fake.state.windows[0].options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(fake.state.windows[0].loaded).toEqual(['app://renderer/index.html']);
    expect(fake.state.privileged).toEqual([expect.objectContaining({ scheme: 'app' })]);
  });

  it('denies navigation away, new windows and permissions, and sets the CSP on responses', () => {
    const win = fake.state.windows[0];
    const prevent = vi.fn();
    win.on['will-navigate']({ preventDefault: prevent }, 'https://evil.example/');
    expect(prevent).toHaveBeenCalledTimes(1);
    win.on['will-navigate']({ preventDefault: prevent }, 'app://renderer/index.html#/rules');
    expect(prevent).toHaveBeenCalledTimes(1);
    expect(win.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const callback = vi.fn();
    fake.state.permissionHandler?.({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    const headers = vi.fn();
    fake.state.headersHandler?.({ responseHeaders: { A: ['b'] } }, headers);
    expect(headers.mock.calls[0][0].responseHeaders['Content-Security-Policy'][0]).toContain("default-src 'self'; script-src 'self'");
  });

  it('answers api:invoke from the renderer only, and refuses unknown methods', async () => {
    const invoke = fake.state.ipc.get('api:invoke')!;
    const ours = { senderFrame: { url: 'app://renderer/index.html' } };
    expect(await invoke(ours, 'getWorkspace', {})).toMatchObject({ ok: true, value: { path: workspace, host: 'electron' } });
    expect(await invoke(ours, 'dispose', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    for (const senderFrame of [{ url: 'https://evil.example/' }, { url: 'file:///etc/passwd' }, { url: 'app://other/index.html' }, null]) {
      expect(await invoke({ senderFrame }, 'getWorkspace', {}), JSON.stringify(senderFrame)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/did not come from/) } });
    }
  });

  it('offers the native file dialog to the window, modal to it, through the API', async () => {
    const invoke = fake.state.ipc.get('api:invoke')!;
    const ours = { senderFrame: { url: 'app://renderer/index.html' } };
    expect(await invoke(ours, 'hostInfo', {})).toEqual({ ok: true, value: { host: 'electron', canChooseFiles: true } });
    const { dialog } = await import('electron');
    const showOpen = vi.mocked(dialog.showOpenDialog);
    showOpen.mockResolvedValueOnce({ canceled: false, filePaths: ['/data/extracts'] });
    expect(await invoke(ours, 'chooseFile', { purpose: 'extract', directory: true })).toEqual({ ok: true, value: { path: '/data/extracts' } });
    const [parent, options] = showOpen.mock.calls.at(-1) as unknown as [unknown, { properties: string[] }];
    expect(parent).toBeInstanceOf(fake.BrowserWindow);
    expect(options.properties).toEqual(['openDirectory']);
    showOpen.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await invoke(ours, 'chooseFile', { purpose: 'sqlite' })).toEqual({ ok: true, value: null });
  });

  it('sends core events to the window', () => {
    started!.session.events.emit({ type: 'data.changed', what: 'violations' });
    expect(fake.state.windows[0].sent).toContainEqual(['api:event', { type: 'data.changed', what: 'violations' }]);
  });

  it('has File (new, open, save as, recent), Edit, View and Help menus', () => {
    const menu = fake.state.menu as MenuItemConstructorOptions[];
    const top = menu.map((m) => m.label ?? m.role);
    expect(top).toEqual(process.platform === 'darwin' ? ['appMenu', 'File', 'editMenu', 'View', 'help'] : ['File', 'editMenu', 'View', 'help']);
    const file = (menu.find((m) => m.label === 'File')!.submenu as MenuItemConstructorOptions[]).map((m) => m.label).filter(Boolean);
    expect(file).toEqual(['New workspace…', 'Open workspace…', 'Save workspace as…', 'Open recent', 'Show workspace in folder']);
    const recent = (menu.find((m) => m.label === 'File')!.submenu as MenuItemConstructorOptions[]).find((m) => m.label === 'Open recent')!.submenu as MenuItemConstructorOptions[];
    expect(recent[0].label).toContain(workspace);
  });

  it('switches workspace, reloads the window and remembers the file for the next start', async () => {
    expect(await started!.switchWorkspace(other)).toBe(true);
    const invoke = fake.state.ipc.get('api:invoke')!;
    expect(await invoke({ senderFrame: { url: 'app://renderer/index.html' } }, 'getWorkspace', {})).toMatchObject({ ok: true, value: { path: other } });
    expect(fake.state.windows[0].reloads).toBe(1);
    const { loadSettings } = await import('./desktop-settings.js');
    expect(loadSettings(fake.state.userData)).toEqual({ lastWorkspace: other, recent: [other, workspace] });
    // A file that cannot be opened leaves the current workspace open and says why.
    expect(await started!.switchWorkspace(join(tmp.dir, 'missing.psw'))).toBe(false);
    const { dialog } = await import('electron');
    expect(dialog.showErrorBox).toHaveBeenCalledWith('Could not open the workspace', expect.stringMatching(/No workspace at/));
  });
});
