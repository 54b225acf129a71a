import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { ApiEvent, ApiMethodName } from '../shared/api.js';
import type { ApiReply, ApiTransport } from '../shared/api-client.js';

export const API_INVOKE_CHANNEL = 'api:invoke';
export const API_EVENT_CHANNEL = 'api:event';

/** The desktop transport: one invoke channel answered by the main process, one event channel. */
export function createIpcTransport(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): ApiTransport {
  return {
    invoke: (method: ApiMethodName, args: unknown) => ipc.invoke(API_INVOKE_CHANNEL, method, args) as Promise<ApiReply>,
    subscribe(listener) {
      const handler = (_event: IpcRendererEvent, event: ApiEvent): void => listener(event);
      ipc.on(API_EVENT_CHANNEL, handler);
      return () => {
        ipc.removeListener(API_EVENT_CHANNEL, handler);
      };
    },
  };
}
