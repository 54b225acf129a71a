import { writersExited } from '../core/scan/background-writes.js';
import type { ApiMethods } from '../../shared/api.js';
import type { ApiContext } from '../core/api/api-context.js';
import { createCoreApi } from '../core/api/create-core-api.js';
import { createLogger } from '../core/logger.js';
import { bindApi, type ApiDispatch } from './bind-api.js';
import { createEventHub, type EventHub } from './event-hub.js';
import { createHostContext, type HostContext, type HostContextOptions } from './host-context.js';
import { startHostScheduler, type HostScheduler } from './host-scheduler.js';

const log = createLogger('workspace-session');

export type CoreApi = ApiMethods & { dispose(): Promise<void> };

export interface WorkspaceSessionOptions extends Omit<HostContextOptions, 'workspacePath' | 'events'> {
  workspacePath: string;
  events?: EventHub;
  /** Defaults to the real core; tests hand in a fake. */
  createApi?: (ctx: ApiContext) => CoreApi;
  /** Run the workspace's monitoring schedules in this process (default true; tests turn it off). */
  schedule?: boolean;
}

/** The open workspace of a window and the API over it; switching replaces both, windows stay subscribed. */
export interface WorkspaceSession {
  readonly workspacePath: string;
  readonly context: HostContext;
  readonly events: EventHub;
  /** The current dispatch; read it per call, it changes when the workspace does. */
  dispatch(): ApiDispatch;
  /** Opens `path` first, so a file that cannot be opened leaves the current workspace in place. */
  switchTo(path: string): Promise<void>;
  dispose(): Promise<void>;
}

export function openWorkspaceSession(options: WorkspaceSessionOptions): WorkspaceSession {
  const events = options.events ?? createEventHub();
  const createApi = options.createApi ?? createCoreApi;
  const open = (workspacePath: string): { context: HostContext; api: CoreApi; dispatch: ApiDispatch; scheduler: HostScheduler | null } => {
    let scheduler: HostScheduler | null = null;
    const context = createHostContext({
      ...options,
      workspacePath,
      events,
      nextScheduledScan: () => scheduler?.nextRunAt() ?? null,
      scheduler: { refresh: () => scheduler?.refresh(), heldElsewhere: () => scheduler?.heldElsewhere ?? null },
    });
    try {
      const api = createApi(context);
      if (options.schedule !== false) scheduler = startHostScheduler(context.ws, options.env, (e) => events.emit(e));
      return { context, api, dispatch: bindApi(api), scheduler };
    } catch (error) {
      context.close();
      throw error;
    }
  };
  let current = open(options.workspacePath);
  let disposed = false;

  const close = async (session: typeof current): Promise<void> => {
    try {
      await session.scheduler?.stop();
      await session.api.dispose();
      // A scan's writer checkpoints after its run: this connection then closes last, WAL and all.
      await writersExited();
    } catch (error) {
      log.warn('disposing the API failed', { error: error instanceof Error ? error.message : String(error) });
    } finally {
      session.context.close();
    }
  };

  return {
    get workspacePath() {
      return current.context.ws.path;
    },
    get context() {
      return current.context;
    },
    events,
    dispatch: () => current.dispatch,
    async switchTo(path) {
      if (disposed) throw new Error('The workspace session is closed.');
      const next = open(path);
      const previous = current;
      current = next;
      await close(previous);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await close(current);
    },
  };
}
