import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../shared/api.js';
import { createEventHub } from './event-hub.js';

describe('event hub', () => {
  it('delivers to every subscriber, survives a failing one, and stops after unsubscribe', () => {
    const hub = createEventHub();
    const got: ApiEvent[] = [];
    hub.subscribe(() => {
      throw new Error('a broken window');
    });
    const off = hub.subscribe((e) => got.push(e));
    hub.emit({ type: 'data.changed', what: 'rules' });
    off();
    hub.emit({ type: 'data.changed', what: 'audit' });
    expect(got).toEqual([{ type: 'data.changed', what: 'rules' }]);
    expect(hub.listenerCount).toBe(1);
  });
});
