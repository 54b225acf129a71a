import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from './test-workspace.js';
import type { Workspace } from './workspace.js';

let ws: Workspace;
let dispose: () => void;
beforeEach(() => {
  ({ ws, dispose } = tempWorkspace());
});
afterEach(() => dispose());

describe('settings repository', () => {
  it('stores JSON values, overwrites, and removes', () => {
    expect(ws.settings.get('schedule')).toBeUndefined();
    ws.settings.set('schedule', { cron: '*/5 * * * *' });
    ws.settings.set('schedule', { cron: '0 * * * *' });
    expect(ws.settings.get('schedule')).toEqual({ cron: '0 * * * *' });
    ws.settings.set('flag', false);
    expect(ws.settings.get('flag')).toBe(false);
    ws.settings.remove('flag');
    expect(ws.settings.get('flag')).toBeUndefined();
  });

  it('checks a value with a parse function', () => {
    ws.settings.set('n', 'seven');
    const asNumber = (raw: unknown): number => {
      if (typeof raw !== 'number') throw new Error('not a number');
      return raw;
    };
    expect(() => ws.settings.get('n', asNumber)).toThrow('not a number');
    ws.settings.set('n', 7);
    expect(ws.settings.get('n', asNumber)).toBe(7);
  });

  it('audits a change only when an actor is named', () => {
    ws.settings.set('watermark', 10);
    ws.settings.set('schedule', '0 * * * *', 'ann');
    ws.settings.remove('schedule', 'ann');
    expect(ws.audit.list().map((e) => [e.action, e.entityId])).toEqual([
      ['setting.changed', 'schedule'],
      ['setting.removed', 'schedule'],
    ]);
    expect(() => ws.settings.set('x', undefined)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
