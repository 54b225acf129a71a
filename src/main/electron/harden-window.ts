import type { BrowserWindow, Session } from 'electron';
import { createLogger } from '../core/logger.js';
import { contentSecurityPolicy } from '../host/content-security-policy.js';
import { isRendererUrl } from './renderer-origin.js';

const log = createLogger('harden-window');

/**
 * Locks the window down: no navigation away from the renderer, no new windows, no permissions
 * (camera, notifications, …), and the CSP on every response the session receives.
 */
export function hardenWindow(win: BrowserWindow, devServerUrl?: string): void {
  win.webContents.on('will-navigate', (event, url) => {
    if (isRendererUrl(url, devServerUrl)) return;
    event.preventDefault();
    log.warn('blocked a navigation', { url });
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (isRendererUrl(url, devServerUrl)) return;
    event.preventDefault();
    log.warn('blocked a redirect', { url });
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    log.warn('blocked a new window', { url });
    return { action: 'deny' };
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  hardenSession(win.webContents.session);
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_webContents, permission, callback) => {
    log.warn('denied a permission', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  const csp = contentSecurityPolicy();
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}
