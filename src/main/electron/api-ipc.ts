import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { ApiReply } from '../../shared/api-client.js';
import { createLogger } from '../core/logger.js';
import type { ApiDispatch } from '../host/bind-api.js';

const log = createLogger('api-ipc');

export const API_INVOKE_CHANNEL = 'api:invoke';
export const API_EVENT_CHANNEL = 'api:event';

/**
 * Answers `api:invoke` from our renderer only. `dispatch` is read on every call, because switching
 * workspace replaces the core API behind it. Returns the function that removes the handler.
 */
export function registerApiIpc(ipcMain: IpcMain, options: { dispatch: () => ApiDispatch; isTrustedSender(url: string | undefined): boolean }): () => void {
  ipcMain.handle(API_INVOKE_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, args: unknown): Promise<ApiReply> | ApiReply => {
    // senderFrame is null when the frame navigated away or was destroyed before the call arrived.
    const url = event.senderFrame?.url;
    if (!options.isTrustedSender(url)) {
      log.warn('refused an API call from a foreign frame', { url, method: typeof method === 'string' ? method : typeof method });
      return { ok: false, error: { code: 'INVALID_INPUT', message: 'Refused: this call did not come from the PolicySentinel window.' } };
    }
    return options.dispatch()(method, args);
  });
  return () => ipcMain.removeHandler(API_INVOKE_CHANNEL);
}
