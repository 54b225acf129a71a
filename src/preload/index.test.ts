import { describe, expect, it, vi } from 'vitest';
import type { Api } from '../shared/api.js';
import { API_METHODS } from '../shared/api.js';
import { ApiError } from '../shared/api-client.js';
import { reviveApiErrors } from '../renderer/api/revive-api-errors.js';

const bridge = vi.hoisted(() => ({
  exposed: [] as Array<[string, unknown]>,
  invoked: [] as unknown[][],
  listeners: new Map<string, (...args: unknown[]) => void>(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => bridge.exposed.push([key, value]) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      bridge.invoked.push(args);
      return args[1] === 'getRule' ? { ok: false, error: { code: 'NOT_FOUND', message: 'No rule "x".' } } : { ok: true, value: 'fine' };
    },
    on: (channel: string, h: (...args: unknown[]) => void) => bridge.listeners.set(channel, h),
    removeListener: (channel: string) => bridge.listeners.delete(channel),
  },
}));

await import('./index.js');

describe('preload', () => {
  it('exposes exactly one object, `api`, with every contract method and onEvent', () => {
    expect(bridge.exposed.map(([key]) => key)).toEqual(['api']);
    const api = bridge.exposed[0][1] as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...API_METHODS, 'onEvent'].sort());
  });

  it('calls api:invoke with the method and args, and delivers api:event to listeners until unsubscribed', async () => {
    const api = bridge.exposed[0][1] as Api;
    expect(await api.getWorkspace({})).toBe('fine');
    expect(bridge.invoked).toEqual([['api:invoke', 'getWorkspace', {}]]);
    const got: unknown[] = [];
    const off = api.onEvent((e) => got.push(e));
    bridge.listeners.get('api:event')!({}, { type: 'data.changed', what: 'rules' });
    off();
    expect(got).toEqual([{ type: 'data.changed', what: 'rules' }]);
    expect(bridge.listeners.has('api:event')).toBe(false);
  });

  it('rejects with a plain copyable object that the window revives into an ApiError with its code', async () => {
    const api = bridge.exposed[0][1] as Api;
    const raw = await api.getRule({ id: 'x' } as never).catch((e: unknown) => e);
    expect(raw).not.toBeInstanceOf(Error);
    expect(raw).toEqual({ name: 'ApiError', code: 'NOT_FOUND', message: 'No rule "x".', details: undefined });
    const revived = await reviveApiErrors(api).getRule({ id: 'x' } as never).catch((e: unknown) => e);
    expect(revived).toBeInstanceOf(ApiError);
    expect(revived).toMatchObject({ code: 'NOT_FOUND', message: 'No rule "x".' });
  });
});
