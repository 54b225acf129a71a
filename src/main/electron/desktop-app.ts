import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, shell } from 'electron';
import { serializeError } from '../../shared/errors.js';
import { createLogger } from '../core/logger.js';
import { openSource } from '../core/sources/open-source.js';
import { createWorkspace } from '../core/workspace/open-workspace.js';
import { appActor } from '../host/app-actor.js';
import { ensureDemoWorkspace } from '../host/demo-location.js';
import { saveWorkspaceCopy } from '../host/save-workspace-copy.js';
import { openWorkspaceSession, type WorkspaceSession } from '../host/workspace-session.js';
import { API_EVENT_CHANNEL, registerApiIpc } from './api-ipc.js';
import { appMenuTemplate, type MenuActions } from './app-menu.js';
import { createFileChooser } from './file-chooser.js';
import { APP_SCHEME_PRIVILEGES, serveRenderer } from './app-protocol.js';
import { loadSettings, rememberWorkspace, saveSettings, type DesktopSettings } from './desktop-settings.js';
import { hardenWindow } from './harden-window.js';
import { APP_ENTRY_URL, isRendererUrl } from './renderer-origin.js';
import { mainWindowOptions } from './window-options.js';

const log = createLogger('desktop');
const WORKSPACE_FILTERS = [{ name: 'PolicySentinel workspace', extensions: ['psw'] }];

export interface DesktopApp {
  window: BrowserWindow;
  session: WorkspaceSession;
  actions: MenuActions;
  switchWorkspace(path: string): Promise<boolean>;
}

/** Where the bundles sit next to each other: out/main, out/preload, out/renderer. */
function bundlePaths(): { preload: string; rendererDir: string } {
  const here = dirname(fileURLToPath(import.meta.url));
  // The preload is CommonJS: a sandboxed preload cannot be an ES module (see electron.vite.config.ts).
  return { preload: join(here, '../preload/index.cjs'), rendererDir: join(here, '../renderer') };
}

/**
 * The desktop shell: one hardened window over the last used workspace (the demo on first run),
 * the core API behind `api:invoke`, events to `api:event`, and a File menu that switches files.
 * Resolves with the running app, or null when another instance already runs.
 */
export async function startDesktopApp(env: NodeJS.ProcessEnv = process.env): Promise<DesktopApp | null> {
  protocol.registerSchemesAsPrivileged(APP_SCHEME_PRIVILEGES);
  app.enableSandbox();
  // Lets tests (and portable setups) keep settings and the demo in a folder of their choosing.
  if (env.POLICYSENTINEL_USER_DATA) app.setPath('userData', env.POLICYSENTINEL_USER_DATA);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  await app.whenReady();
  try {
    return await launch(env);
  } catch (error) {
    dialog.showErrorBox('PolicySentinel could not start', serializeError(error).message);
    app.quit();
    throw error;
  }
}

async function launch(env: NodeJS.ProcessEnv): Promise<DesktopApp> {
  const { preload, rendererDir } = bundlePaths();
  const userData = app.getPath('userData');
  let settings: DesktopSettings = loadSettings(userData);
  const actor = appActor(env);
  const last = settings.lastWorkspace && existsSync(settings.lastWorkspace) ? settings.lastWorkspace : null;
  const workspacePath = last ?? (await ensureDemoWorkspace(userData, { actor, openSource: (config) => openSource(config, env) })).path;
  // The window is created below; the dialog is modal to it once it exists.
  let mainWindow: BrowserWindow | null = null;
  const chooseFile = createFileChooser(dialog, () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null));
  const session = openWorkspaceSession({ workspacePath, host: 'electron', env, chooseFile });
  settings = remember(userData, settings, session.workspacePath);

  // electron-vite's dev server, only ever trusted in an unpackaged build.
  const devUrl = !app.isPackaged && env.ELECTRON_RENDERER_URL ? env.ELECTRON_RENDERER_URL : undefined;
  serveRenderer(protocol, rendererDir);
  registerApiIpc(ipcMain, { dispatch: session.dispatch, isTrustedSender: (url) => isRendererUrl(url, devUrl) });

  const win = new BrowserWindow(mainWindowOptions(preload));
  mainWindow = win;
  hardenWindow(win, devUrl);
  session.events.subscribe((event) => {
    if (!win.isDestroyed()) win.webContents.send(API_EVENT_CHANNEL, event);
  });
  win.once('ready-to-show', () => win.show());

  const refresh = (): void => {
    win.setTitle(`PolicySentinel — ${session.workspacePath}`);
    Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(actions, settings.recent)));
  };
  const switchWorkspace = async (path: string): Promise<boolean> => {
    try {
      await session.switchTo(path);
    } catch (error) {
      dialog.showErrorBox('Could not open the workspace', serializeError(error).message);
      return false;
    }
    settings = remember(userData, settings, session.workspacePath);
    refresh();
    // Every screen re-reads from the new workspace; nothing of the old one stays on screen.
    win.webContents.reload();
    return true;
  };
  const report = (title: string) => (error: unknown) => dialog.showErrorBox(title, serializeError(error).message);

  const actions: MenuActions = {
    newWorkspace: () => {
      void (async () => {
        const { canceled, filePath } = await dialog.showSaveDialog(win, { title: 'New workspace', defaultPath: join(app.getPath('documents'), 'audit.psw'), filters: WORKSPACE_FILTERS });
        if (canceled || !filePath) return;
        const ws = createWorkspace(filePath);
        try {
          ws.audit.append({ actor, action: 'workspace.created', entityType: 'workspace', entityId: null, details: {} });
        } finally {
          ws.close();
        }
        await switchWorkspace(filePath);
      })().catch(report('Could not create the workspace'));
    },
    openWorkspace: () => {
      void (async () => {
        const { canceled, filePaths } = await dialog.showOpenDialog(win, { title: 'Open workspace', properties: ['openFile'], filters: WORKSPACE_FILTERS });
        if (canceled || !filePaths[0]) return;
        await switchWorkspace(filePaths[0]);
      })().catch(report('Could not open the workspace'));
    },
    saveWorkspaceAs: () => {
      void (async () => {
        const { canceled, filePath } = await dialog.showSaveDialog(win, { title: 'Save workspace as', defaultPath: session.workspacePath, filters: WORKSPACE_FILTERS });
        if (canceled || !filePath) return;
        const copy = await saveWorkspaceCopy(session.context.ws, filePath);
        await switchWorkspace(copy);
      })().catch(report('Could not save the workspace'));
    },
    openRecent: (path) => void switchWorkspace(path),
    showWorkspaceInFolder: () => shell.showItemInFolder(session.workspacePath),
    about: () => {
      void dialog.showMessageBox(win, { type: 'info', title: 'About PolicySentinel', message: 'PolicySentinel', detail: `Version ${app.getVersion()}\nWorkspace: ${session.workspacePath}` });
    },
  };
  refresh();

  let quitting = false;
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (quitting) return;
    // Cancel running scans and close the workspace before the process goes.
    event.preventDefault();
    quitting = true;
    session.dispose().then(
      () => app.exit(0),
      (error: unknown) => {
        log.error('closing the workspace failed', { error: serializeError(error).message });
        app.exit(1);
      },
    );
  });

  await win.loadURL(devUrl ?? APP_ENTRY_URL);
  return { window: win, session, actions, switchWorkspace };
}

function remember(userData: string, settings: DesktopSettings, path: string): DesktopSettings {
  const next = rememberWorkspace(settings, path);
  try {
    saveSettings(userData, next);
  } catch (error) {
    log.warn('could not save the recent workspaces', { error: serializeError(error).message });
  }
  return next;
}
