import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from './clock.js';
import { createWorkspace } from './open-workspace.js';
import type { Workspace } from './workspace.js';

/** A clock that ticks one second per call from 2024-01-01, so timestamps are predictable in tests. */
export function steppingClock(start = Date.UTC(2024, 0, 1)): Clock {
  let tick = 0;
  return () => new Date(start + tick++ * 1000).toISOString();
}

/** A fresh folder per test, removed by `cleanup`. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'policysentinel-ws-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A new workspace in its own folder; `dispose` closes it and removes the folder. */
export function tempWorkspace(): { ws: Workspace; dir: string; dispose(): void } {
  const { dir, cleanup } = tempDir();
  const ws = createWorkspace(join(dir, 'test.psw'), { clock: steppingClock() });
  return {
    ws,
    dir,
    dispose() {
      ws.close();
      cleanup();
    },
  };
}
