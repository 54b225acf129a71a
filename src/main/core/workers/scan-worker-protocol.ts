import type { SerializedError } from '../../../shared/errors.js';
import type { ScanProgress, ScanResult } from '../scan/scan-types.js';

/** What the scan worker is started with: everything `runScan` takes, minus callbacks, plus where the workspace is. */
export interface ScanWorkerData {
  workspacePath: string;
  ruleIds?: string[];
  asOf?: string;
  trigger?: string;
  actor?: string;
  batchSize?: number;
  incremental?: boolean;
  /** Environment the sources read their passwords from (`passwordEnv`). */
  env: Record<string, string>;
}

export type ScanWorkerMessage =
  | { type: 'started'; runId: number; ruleCount: number }
  | { type: 'progress'; progress: ScanProgress }
  | { type: 'done'; result: ScanResult }
  | { type: 'failed'; error: SerializedError };

export type ScanWorkerCommand = { type: 'cancel' };
