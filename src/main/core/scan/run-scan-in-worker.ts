/**
 * `runScan` on a worker thread, so the calling thread (the app's main process, the scheduler)
 * stays responsive while millions of rows stream. The worker opens the workspace file itself.
 */
import { AppError } from '../../../shared/errors.js';
import { settleWorker, type WorkerEnd } from '../workers/settle-worker.js';
import { spawnWorker } from '../workers/spawn-worker.js';
import type { ScanWorkerCommand, ScanWorkerData, ScanWorkerMessage } from '../workers/scan-worker-protocol.js';
import type { ScanProgress, ScanResult } from './scan-types.js';

// Sources run through tsx/vitest (.ts); the built app runs .js.
// From source the worker is a sibling module; in the app's bundle it is an entry of its own next to
// the main bundle (see electron.vite.config.ts).
const entry = import.meta.url.endsWith('.ts') ? new URL('../workers/scan-worker.ts', import.meta.url) : new URL('./scan-worker.js', import.meta.url);

export interface WorkerScanOptions {
  /** The workspace file; the caller may keep it open too. */
  workspacePath: string;
  ruleIds?: string[];
  asOf?: string;
  trigger?: string;
  actor?: string;
  batchSize?: number;
  incremental?: boolean;
  /** Aborting asks the worker to stop; the run ends `cancelled` after its current batch. */
  signal?: AbortSignal;
  onProgress?: (progress: ScanProgress) => void;
  onRunStarted?: (runId: number, ruleCount: number) => void;
  /** Where sources read their passwords (`passwordEnv`); the process environment when absent. */
  env?: NodeJS.ProcessEnv;
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) out[name] = value;
  return out;
}

export function runScanInWorker(options: WorkerScanOptions): Promise<ScanResult> {
  const { signal, onProgress, onRunStarted, env, workspacePath, ...rest } = options;
  if (signal?.aborted) return Promise.reject(new AppError('CANCELLED', 'The scan was cancelled.'));
  const data: ScanWorkerData = { workspacePath, ...rest, env: definedOnly(env ?? process.env) };
  const worker = spawnWorker(entry, data);
  const send = (command: ScanWorkerCommand): void => worker.postMessage(command);

  return settleWorker<Exclude<ScanWorkerMessage, WorkerEnd<ScanResult>>, ScanResult>(worker, {
    name: 'scan worker',
    crashCode: 'SCAN_FAILED',
    exitAdvice: 'Run the scan again.',
    // The worker finishes the run itself (marks it cancelled, closes its sources): no terminate().
    terminateWhenSettled: false,
    signal,
    onAbort: () => send({ type: 'cancel' }),
    onUpdate: (message, call) => {
      switch (message.type) {
        case 'started':
          onRunStarted?.(message.runId, message.ruleCount);
          break;
        case 'progress':
          onProgress?.(message.progress);
          break;
        default:
          call.unexpected(message, message);
      }
    },
  });
}
