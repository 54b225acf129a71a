import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../shared/errors.js';
import { openSource } from '../core/sources/open-source.js';
import { appActor } from '../host/app-actor.js';
import { defaultDataDir, ensureDemoWorkspace } from '../host/demo-location.js';
import type { HostContextOptions } from '../host/host-context.js';
import { openWorkspaceSession } from '../host/workspace-session.js';
import { startWebHost, type WebHost } from './web-host.js';

export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../../out/renderer/', import.meta.url));

export interface ServeOptions {
  /** Absent: the demo workspace in the data directory, built on first run. */
  workspacePath?: string;
  port?: number;
  env: NodeJS.ProcessEnv;
  rendererDir?: string;
  /** Where notes for the user go (first-run demo, …); the one URL line is the caller's to print. */
  note?: (line: string) => void;
  extractors?: HostContextOptions['extractors'];
  /** Run the workspace's monitoring schedules in this process (default true). */
  schedule?: boolean;
}

export interface Serving {
  host: WebHost;
  workspacePath: string;
  /** Closes the sockets, then cancels running work, then closes the workspace. Idempotent. */
  stop(): Promise<void>;
}

/** Opens the workspace, binds the core API and serves it with the renderer on 127.0.0.1. */
export async function serve(options: ServeOptions): Promise<Serving> {
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new AppError('NOT_FOUND', `The window files are not built (${rendererDir} has no index.html). Run: npm run build`);
  }
  const { env } = options;
  let workspacePath = options.workspacePath ? resolve(options.workspacePath) : undefined;
  if (!workspacePath) {
    const demo = await ensureDemoWorkspace(defaultDataDir(env), { actor: appActor(env), openSource: (config) => openSource(config, env) });
    options.note?.(demo.created ? `First run: built and scanned the demo workspace at ${demo.path}` : `Using the demo workspace at ${demo.path}`);
    workspacePath = demo.path;
  }
  const session = openWorkspaceSession({ workspacePath, host: 'web', env, extractors: options.extractors, schedule: options.schedule });
  let host: WebHost;
  try {
    host = await startWebHost({ dispatch: (method, args) => session.dispatch()(method, args), subscribe: session.events.subscribe, rendererDir, port: options.port });
  } catch (error) {
    await session.dispose();
    throw error;
  }
  let stopping: Promise<void> | null = null;
  return {
    host,
    workspacePath,
    stop() {
      stopping ??= (async () => {
        await host.close();
        await session.dispose();
      })();
      return stopping;
    },
  };
}

export function servingLine(serving: Serving): string {
  return `PolicySentinel is serving ${serving.workspacePath} at ${serving.host.url}`;
}
