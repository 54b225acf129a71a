import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEMO_WORKSPACE_FILE, buildDemoWorkspace } from '../core/demo/build-demo.js';
import { createLogger } from '../core/logger.js';
import { runScan } from '../core/scan/run-scan.js';
import { writersExited } from '../core/scan/background-writes.js';
import type { ConnectionConfig } from '../core/sources/connection-config.js';
import type { Source } from '../core/sources/source.js';

const log = createLogger('demo-location');

/** Where the web host keeps its data: `$POLICYSENTINEL_HOME`, else `~/.policysentinel` (the CLI's demo lives there too). */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  return env.POLICYSENTINEL_HOME || join(homedir(), '.policysentinel');
}

/** The demo workspace file inside a data directory. */
export function demoWorkspacePath(dataDir: string): string {
  return join(dataDir, 'demo', DEMO_WORKSPACE_FILE);
}

export interface EnsuredDemo {
  path: string;
  /** True when this call built it (first run). */
  created: boolean;
}

/**
 * The demo workspace of `dataDir`, built and scanned once on first run so the first window already
 * shows violations; an existing demo is left as the user left it.
 */
export async function ensureDemoWorkspace(
  dataDir: string,
  options: { actor: string; openSource: (config: ConnectionConfig) => Promise<Source> },
): Promise<EnsuredDemo> {
  const path = demoWorkspacePath(dataDir);
  if (existsSync(path)) return { path, created: false };
  log.info('building the demo workspace', { path });
  const demo = await buildDemoWorkspace(join(dataDir, 'demo'), options);
  try {
    await runScan(demo.workspace, { trigger: 'demo', actor: options.actor, openSource: options.openSource });
    // The demo file is handed over whole: the scan's WAL is folded in before it is closed.
    await writersExited();
  } finally {
    demo.workspace.close();
  }
  return { path: demo.workspacePath, created: true };
}
