import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { createHostApi } from './host-api.js';

describe('the host API', () => {
  it('says a web window cannot choose files and refuses to try', async () => {
    const api = createHostApi({ host: 'web' });
    expect(await api.hostInfo({})).toEqual({ host: 'web', canChooseFiles: false });
    const refusal = await api.chooseFile({ purpose: 'extract' }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe('INVALID_INPUT');
    expect((refusal as AppError).message).toMatch(/type the full path/);
  });

  it('passes checked arguments to the desktop dialog and its answer back', async () => {
    const chooseFile = vi.fn(async () => ({ path: '/data/extracts' }));
    const api = createHostApi({ host: 'electron', chooseFile });
    expect(await api.hostInfo({})).toEqual({ host: 'electron', canChooseFiles: true });
    expect(await api.chooseFile({ purpose: 'extract', directory: true })).toEqual({ path: '/data/extracts' });
    expect(chooseFile).toHaveBeenCalledWith({ purpose: 'extract', directory: true });
    chooseFile.mockResolvedValueOnce(null as unknown as { path: string });
    expect(await api.chooseFile({ purpose: 'sqlite' })).toBeNull();
    expect(chooseFile).toHaveBeenLastCalledWith({ purpose: 'sqlite' });
  });

  it('refuses arguments a window could not have meant before any dialog opens', async () => {
    const chooseFile = vi.fn(async () => null);
    const api = createHostApi({ host: 'electron', chooseFile });
    const bad = [{ purpose: 'workspace' }, {}, { purpose: 'extract', directory: 'yes' }];
    for (const args of bad) {
      // Arguments arrive untyped over the transport; the cast stands for a foreign caller.
      await expect(api.chooseFile(args as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    expect(chooseFile).not.toHaveBeenCalled();
  });
});
