import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../workspace/open-workspace.js';
import { tempWorkspace } from '../workspace/test-workspace.js';
import type { Workspace } from '../workspace/workspace.js';
import { manualTimers } from './manual-timers.js';
import { acquireSchedulerLock, readSchedulerLock } from './workspace-lock.js';

const T0 = Date.UTC(2024, 2, 1, 10, 0, 0);

describe('the workspace scheduler lock', () => {
  let a: Workspace;
  let b: Workspace;
  let dir: string;
  let dispose: () => void;

  beforeEach(() => {
    const made = tempWorkspace();
    a = made.ws;
    dir = made.dir;
    dispose = made.dispose;
    b = openWorkspace(a.path);
  });
  afterEach(() => {
    b.close();
    dispose();
  });

  it('refuses a second holder while the first is alive, naming it, and lets it in once released', () => {
    const first = acquireSchedulerLock(a, { holder: 'monitor:alice', timers: manualTimers(T0), releaseOnExit: false });
    let refusal: unknown;
    try {
      acquireSchedulerLock(b, { holder: 'app:bob', timers: manualTimers(T0 + 5_000), releaseOnExit: false });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'WORKSPACE_LOCKED' });
    const message = (refusal as Error).message;
    expect(message).toContain('monitor:alice');
    expect(message).toContain(`pid ${process.pid}`);
    expect(message).toContain(hostname());
    expect(message).toContain(new Date(T0).toISOString());
    expect(readSchedulerLock(b)).toMatchObject({ holder: 'monitor:alice' });

    first.release();
    expect(first.held()).toBe(false);
    expect(readSchedulerLock(b)).toBeNull();
    const second = acquireSchedulerLock(b, { holder: 'app:bob', timers: manualTimers(T0 + 6_000), releaseOnExit: false });
    expect(second.recovered).toBeNull();
    expect(readSchedulerLock(a)).toMatchObject({ holder: 'app:bob' });
    second.release();
  });

  it('stays held while its heartbeat runs, and is taken over when the heartbeat stops for three intervals', async () => {
    const timersA = manualTimers(T0);
    let lostTo: string | null | undefined;
    const first = acquireSchedulerLock(a, { holder: 'first', heartbeatMs: 10_000, timers: timersA, releaseOnExit: false, onLost: (by) => (lostTo = by?.holder ?? null) });
    await timersA.advance(60_000);
    expect(readSchedulerLock(b)?.heartbeatAt).toBe(new Date(T0 + 60_000).toISOString());
    expect(() => acquireSchedulerLock(b, { holder: 'second', heartbeatMs: 10_000, timers: manualTimers(T0 + 60_000 + 30_000), releaseOnExit: false })).toThrow(/already running: first/);

    // The first holder freezes (no more heartbeats); 30 s later it counts as stale.
    const second = acquireSchedulerLock(b, { holder: 'second', heartbeatMs: 10_000, timers: manualTimers(T0 + 60_000 + 30_001), releaseOnExit: false });
    expect(second.recovered).toMatchObject({ holder: 'first', pid: process.pid });
    expect(first.heartbeat()).toBe(false);
    expect(lostTo).toBe('second');
    // Releasing a lost lock does not remove the new holder's row.
    first.release();
    expect(readSchedulerLock(a)?.holder).toBe('second');
    second.release();
  });

  it('is recovered at once from a holder process that was killed with SIGKILL', async () => {
    const script = join(dir, 'hold-lock.mjs');
    const here = resolve(import.meta.dirname);
    writeFileSync(
      script,
      `import { openWorkspace } from ${JSON.stringify(join(here, '../workspace/open-workspace.ts'))};
       import { acquireSchedulerLock } from ${JSON.stringify(join(here, 'workspace-lock.ts'))};
       const ws = openWorkspace(process.argv[2]);
       acquireSchedulerLock(ws, { holder: 'child' });
       process.stdout.write('locked\\n');
       setInterval(() => {}, 1000);`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script, a.path], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
      expect(String(chunk)).toBe('locked\n');
      expect(() => acquireSchedulerLock(b, { holder: 'parent', releaseOnExit: false })).toThrow(new RegExp(`child \\(pid ${child.pid}`));
      child.kill('SIGKILL');
      await once(child, 'exit');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    // The row is still there (nothing ran on exit), but its process is gone.
    expect(readSchedulerLock(b)).toMatchObject({ holder: 'child', pid: child.pid });
    const taken = acquireSchedulerLock(b, { holder: 'parent', releaseOnExit: false });
    expect(taken.recovered).toMatchObject({ holder: 'child', pid: child.pid });
    taken.release();
  });

  it('is released on a normal exit of its process', async () => {
    const script = join(dir, 'exit-with-lock.mjs');
    const here = resolve(import.meta.dirname);
    writeFileSync(
      script,
      `import { openWorkspace } from ${JSON.stringify(join(here, '../workspace/open-workspace.ts'))};
       import { acquireSchedulerLock } from ${JSON.stringify(join(here, 'workspace-lock.ts'))};
       const ws = openWorkspace(process.argv[2]);
       acquireSchedulerLock(ws, { holder: 'child' });
       process.exit(0);`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script, a.path], { stdio: 'inherit' });
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
    expect(readSchedulerLock(b)).toBeNull();
  });
});
