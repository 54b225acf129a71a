import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiClient } from '../../shared/api-client.js';
import { createWsTransport, type WebSocketLike } from '../../renderer/api/ws-transport.js';
import { tempDir } from '../../../test-support/cli-harness.js';
import { serve, servingLine } from './serve.js';

const connect = (url: string): WebSocketLike => new WebSocket(url) as unknown as WebSocketLike;

describe('serve (the real core over the web host)', () => {
  const tmp = tempDir('serve');
  const rendererDir = join(tmp.dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  afterAll(() => tmp.remove());

  it('builds the demo on first run, answers the core API as app:<user> over WebSocket, and stops cleanly', async () => {
    const env = { POLICYSENTINEL_HOME: join(tmp.dir, 'home') };
    const notes: string[] = [];
    const serving = await serve({ env, rendererDir, note: (line) => notes.push(line) });
    const transport = createWsTransport({ url: `ws://127.0.0.1:${serving.host.port}/api?token=${serving.host.token}`, connect });
    try {
      expect(servingLine(serving)).toMatch(new RegExp(`^PolicySentinel is serving .*demo-workspace\\.psw at http://127\\.0\\.0\\.1:${serving.host.port}/\\?token=[\\w-]{43}$`));
      expect(notes).toEqual([expect.stringMatching(/^First run: built and scanned the demo workspace at /)]);
      const info = await createApiClient(transport).getWorkspace({});
      expect(info).toMatchObject({ host: 'web', actor: expect.stringMatching(/^app:/), fileName: 'demo-workspace.psw' });
      expect(info.counts.openViolations).toBeGreaterThan(0);
    } finally {
      transport.close();
      await serving.stop();
    }
    // The workspace is closed: the WAL is checkpointed away.
    expect(existsSync(`${serving.workspacePath}-wal`)).toBe(false);
    const again = await serve({ env, rendererDir, note: (line) => notes.push(line) });
    await again.stop();
    expect(notes[1]).toMatch(/^Using the demo workspace at /);
  });

  it('says how to build the window files when they are missing', async () => {
    await expect(serve({ env: {}, rendererDir: join(tmp.dir, 'nothing'), workspacePath: join(tmp.dir, 'x.psw') })).rejects.toThrow(/npm run build/);
  });
});
