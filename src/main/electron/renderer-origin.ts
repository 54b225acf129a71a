/** The privileged scheme the window is served from, so it has a real origin (not file://) and a CSP header. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://renderer`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Whether a frame URL is our renderer: the app scheme, or the dev server electron-vite names in
 * ELECTRON_RENDERER_URL when it runs one. Anything else (a page that got loaded by mistake, a
 * frame) is foreign.
 */
export function isRendererUrl(url: string | undefined | null, devServerUrl?: string): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (`${parsed.protocol}//${parsed.host}` === APP_ORIGIN) return true;
  if (!devServerUrl) return false;
  try {
    return parsed.origin === new URL(devServerUrl).origin;
  } catch {
    return false;
  }
}
