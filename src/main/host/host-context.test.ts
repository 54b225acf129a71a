import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../shared/api.js';
import { createShopDatabase, SHOP_RULES } from '../../../test-support/cli-harness.js';
import { createCoreApi } from '../core/api/create-core-api.js';
import { importRules } from '../core/rules/import-rules.js';
import { parseRuleFile } from '../core/rules/rule-file.js';
import { openSource } from '../core/sources/open-source.js';
import { createWorkspace } from '../core/workspace/open-workspace.js';
import { tempDir } from '../core/workspace/test-workspace.js';
import { createHostContext, type HostContext } from './host-context.js';

let cleanup: (() => void) | null = null;
let ctx: HostContext | null = null;
afterEach(() => {
  ctx?.close();
  cleanup?.();
  ctx = null;
});

describe('host context', () => {
  it('runs a window\'s scan in a worker thread against the real workspace, with its events', async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const source = join(temp.dir, 'shop.sqlite');
    createShopDatabase(source);
    const path = join(temp.dir, 'host.psw');
    const ws = createWorkspace(path);
    ws.connections.add('shop', { engine: 'sqlite', path: source }, 'test');
    await importRules(ws, parseRuleFile(SHOP_RULES), { activate: true, actor: 'test', openSource: (c) => openSource(c, {}) });
    ws.close();

    ctx = createHostContext({ workspacePath: path, host: 'web', env: {} });
    expect(ctx.runScan).toBeTypeOf('function');
    const api = createCoreApi(ctx);
    const events: ApiEvent[] = [];
    const finished = new Promise<Extract<ApiEvent, { type: 'scan.finished' }>>((resolve) =>
      ctx!.events.subscribe((e) => {
        events.push(e);
        if (e.type === 'scan.finished') resolve(e);
      }),
    );
    const { runId } = await api.startScan({});
    const done = await finished;
    expect(done.run).toMatchObject({ id: runId, status: 'completed' });
    expect(done.run.violationsOpen).toBeGreaterThan(0);
    expect(events.map((e) => e.type)).toContain('scan.progress');
    // The main thread's handle sees what the worker wrote.
    expect((await api.getRun({ id: runId })).rules.every((r) => r.status === 'completed')).toBe(true);
    await api.dispose();
  }, 60_000);
});
