import { describe, expect, it } from 'vitest';
import type { ApiMethods } from '../../shared/api.js';
import { AppError } from '../../shared/errors.js';
import { bindApi } from './bind-api.js';

describe('bindApi', () => {
  const api = {
    async getRule(args: { id: string }) {
      if (args.id === 'boom') throw new Error('disk on fire');
      if (args.id === 'missing') throw new AppError('NOT_FOUND', 'No rule "missing".', { id: 'missing' });
      return { id: args.id };
    },
    listRules() {
      throw new AppError('INVALID_INPUT', 'thrown synchronously');
    },
    async dispose() {
      throw new Error('must never be reachable');
    },
  } as unknown as ApiMethods;
  const dispatch = bindApi(api);

  it('answers values and turns thrown errors into reply values with their codes', async () => {
    expect(await dispatch('getRule', { id: 'r1' })).toEqual({ ok: true, value: { id: 'r1' } });
    expect(await dispatch('getRule', { id: 'missing' })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No rule "missing".', details: { id: 'missing' } } });
    expect(await dispatch('getRule', { id: 'boom' })).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'disk on fire' } });
    expect(await dispatch('listRules', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses names outside the contract, so dispose, prototypes and non-strings are unreachable', async () => {
    for (const name of ['dispose', 'constructor', '__proto__', 'toString', 42, null]) {
      const reply = await dispatch(name, {});
      expect(reply, String(name)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });

  it('passes an empty object when a window sends no args', async () => {
    const seen: unknown[] = [];
    const echo = bindApi({ async getWorkspace(args: unknown) { seen.push(args); return null; } } as unknown as ApiMethods);
    await echo('getWorkspace', undefined);
    expect(seen).toEqual([{}]);
  });
});
