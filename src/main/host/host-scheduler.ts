import type { ApiEvent } from '../../shared/api.js';
import { AppError } from '../../shared/errors.js';
import { createLogger } from '../core/logger.js';
import { workerRunJob } from '../core/schedule/scan-run-job.js';
import { createScheduler, type Scheduler, type SchedulerOptions } from '../core/schedule/scheduler.js';
import type { Workspace } from '../core/workspace/workspace.js';

const log = createLogger('host-scheduler');

export interface HostScheduler {
  /** Null when another process (e.g. `policysentinel monitor`) runs the schedules of this workspace. */
  nextRunAt(): string | null;
  /** Who holds the scheduler when it is not this process, for the UI to say so. */
  heldElsewhere: string | null;
  /** Re-reads the jobs after one was added or removed. */
  refresh(): void;
  stop(): Promise<void>;
}

/**
 * The app runs the workspace's schedules in its main process, scans in worker threads. When
 * another process holds the workspace's scheduler lock, the app still works; it just does not
 * schedule.
 */
export function startHostScheduler(
  ws: Workspace,
  env: NodeJS.ProcessEnv,
  emit: (event: ApiEvent) => void,
  create: (options: SchedulerOptions) => Scheduler = createScheduler,
): HostScheduler {
  const scheduler = create({
    ws,
    runJob: workerRunJob({ ws, env }),
    onEvent: (event) => {
      if (event.type === 'execution.finished') {
        emit({ type: 'data.changed', what: 'runs' });
        emit({ type: 'data.changed', what: 'violations' });
      }
    },
  });
  try {
    scheduler.start();
  } catch (error) {
    if (error instanceof AppError && error.code === 'WORKSPACE_LOCKED') {
      log.info('another process runs the schedules of this workspace', { message: error.message });
      return { nextRunAt: () => null, heldElsewhere: error.message, refresh: () => undefined, stop: async () => undefined };
    }
    throw error;
  }
  return { nextRunAt: () => scheduler.nextRunAt(), heldElsewhere: null, refresh: () => scheduler.refresh(), stop: () => scheduler.stop() };
}
