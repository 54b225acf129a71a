import { userInfo } from 'node:os';
import { AppError } from '../../shared/errors.js';
import { openWorkspace } from '../core/workspace/open-workspace.js';
import type { Workspace } from '../core/workspace/workspace.js';
import { openSource } from '../core/sources/open-source.js';
import { workspaceCacheDir } from '../core/workspace/cache-dir.js';
import type { ConnectionConfig } from '../core/sources/connection-config.js';
import type { Source } from '../core/sources/source.js';
import { flag, type ParsedArgs } from './args.js';
import type { Output } from './output.js';

export interface CommandContext {
  args: ParsedArgs;
  out: Output;
  env: NodeJS.ProcessEnv;
  actor: string;
  openSource: (config: ConnectionConfig) => Promise<Source>;
  /** Opens the workspace named by --workspace (or POLICYSENTINEL_WORKSPACE). */
  workspace(): Workspace;
}

export function createContext(args: ParsedArgs, out: Output, env: NodeJS.ProcessEnv): CommandContext & { close(): void } {
  let opened: Workspace | null = null;
  return {
    args,
    out,
    env,
    actor: `cli:${safeUser()}`,
    // Converted XLSX sheets are cached next to the workspace (`<workspace>.cache/`).
    openSource: (config) => {
      const workspacePath = flag(args, 'workspace') ?? env.POLICYSENTINEL_WORKSPACE;
      return openSource(config, env, workspacePath ? { cacheDir: workspaceCacheDir(workspacePath) } : {});
    },
    workspace() {
      if (opened) return opened;
      const path = flag(args, 'workspace') ?? env.POLICYSENTINEL_WORKSPACE;
      if (!path) {
        throw new AppError('INVALID_INPUT', 'Say which workspace to use: --workspace FILE (create one with: init FILE).');
      }
      opened = openWorkspace(path);
      return opened;
    },
    close() {
      opened?.close();
      opened = null;
    },
  };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
