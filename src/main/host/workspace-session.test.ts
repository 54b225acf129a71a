import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiMethods } from '../../shared/api.js';
import { createWorkspace, openWorkspace } from '../core/workspace/open-workspace.js';
import { tempDir } from '../../../test-support/cli-harness.js';
import type { ApiContext } from '../core/api/api-context.js';
import { saveWorkspaceCopy } from './save-workspace-copy.js';
import { openWorkspaceSession, type CoreApi } from './workspace-session.js';

/** A fake core that reports which workspace it was built over and whether it was disposed. */
function fakeCore(log: string[]): (ctx: ApiContext) => CoreApi {
  return (ctx) =>
    ({
      async getWorkspace() {
        return { path: ctx.ws.path, actor: ctx.actor, host: ctx.host };
      },
      async dispose() {
        log.push(`dispose ${ctx.ws.path}`);
      },
    }) as unknown as ApiMethods & { dispose(): Promise<void> };
}

describe('workspace session', () => {
  const tmp = tempDir('session');
  afterAll(() => tmp.remove());
  const a = join(tmp.dir, 'a.psw');
  const b = join(tmp.dir, 'b.psw');
  createWorkspace(a).close();
  createWorkspace(b).close();

  it('answers over the open workspace as app:<user>, switches, and disposes the old API before closing it', async () => {
    const log: string[] = [];
    const session = openWorkspaceSession({ workspacePath: a, host: 'electron', env: {}, createApi: fakeCore(log), schedule: false });
    expect(await session.dispatch()('getWorkspace', {})).toMatchObject({ ok: true, value: { path: a, host: 'electron', actor: expect.stringMatching(/^app:.+/) } });
    await session.switchTo(b);
    expect(log).toEqual([`dispose ${a}`]);
    expect(await session.dispatch()('getWorkspace', {})).toMatchObject({ ok: true, value: { path: b } });
    // Switching to a file that is not a workspace keeps the current one open and working.
    await expect(session.switchTo(join(tmp.dir, 'missing.psw'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(session.workspacePath).toBe(b);
    expect(await session.dispatch()('getWorkspace', {})).toMatchObject({ ok: true, value: { path: b } });
    await session.dispose();
    expect(log).toEqual([`dispose ${a}`, `dispose ${b}`]);
  });

  it('saves a consistent copy that opens as a workspace, and refuses to overwrite the open file', async () => {
    const ws = openWorkspace(a);
    try {
      ws.audit.append({ actor: 'test', action: 'note', entityType: 'workspace', entityId: null, details: {} });
      const copy = await saveWorkspaceCopy(ws, join(tmp.dir, 'copy.psw'));
      expect(existsSync(copy)).toBe(true);
      const reopened = openWorkspace(copy);
      try {
        expect(reopened.audit.verify().ok).toBe(true);
      } finally {
        reopened.close();
      }
      await expect(saveWorkspaceCopy(ws, a)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    } finally {
      ws.close();
    }
  });
});
