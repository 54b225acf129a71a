import type { Api } from '../../shared/api.js';
import { createApiClient } from '../../shared/api-client.js';
import { reviveApiErrors } from './revive-api-errors.js';
import { createWsTransport } from './ws-transport.js';

declare global {
  interface Window {
    /** Present in the desktop app: the preload exposes it. */
    api?: Api;
  }
}

let api: Api | null = null;

/**
 * The one place the window gets its API: the desktop shell's preload object, or the loopback
 * web host's WebSocket (the token comes from the page address). Screens never know which.
 */
export function getApi(): Api {
  if (api) return api;
  if (window.api) {
    api = reviveApiErrors(window.api);
    return api;
  }
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  api = createApiClient(createWsTransport(url));
  return api;
}

/** For tests: put a fake API in place. */
export function setApiForTests(fake: Api | null): void {
  api = fake;
}
