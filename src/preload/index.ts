// The preload: exactly one object on window, the typed API over IPC; nothing of Node or Electron leaks.
import { contextBridge, ipcRenderer } from 'electron';
import type { Api } from '../shared/api.js';
import { createApiClient } from '../shared/api-client.js';
import { bridgeSafeApi } from './bridge-errors.js';
import { createIpcTransport } from './ipc-transport.js';

const api = bridgeSafeApi(createApiClient(createIpcTransport(ipcRenderer))) satisfies Api;

contextBridge.exposeInMainWorld('api', api);
