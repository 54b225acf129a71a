import type { SerializedError } from '../errors.js';
import type { ExtractionProgress } from '../policy.js';
import type { RunSummary, ScanProgress } from './scans.js';

/** What the core tells every open window without being asked. */
export type ApiEvent =
  | { type: 'scan.started'; runId: number; ruleCount: number }
  | { type: 'scan.progress'; progress: ScanProgress }
  | { type: 'scan.finished'; run: RunSummary }
  | { type: 'policy.progress'; jobId: string; fileName: string; progress: ExtractionProgress }
  | { type: 'policy.finished'; jobId: string; fileName: string; policyId: string | null; alreadyImported: boolean; notes: string[]; error: SerializedError | null }
  /** A bulk review's progress: `updated` of at most `total` matching violations so far. */
  | { type: 'review.progress'; requestId: string; updated: number; total: number }
  /** Something other views show changed (a review, a rule saved, a scheduled scan). */
  | { type: 'data.changed'; what: DataKind };

export type DataKind = 'connections' | 'rules' | 'violations' | 'runs' | 'policies' | 'audit';

export type ApiEventListener = (event: ApiEvent) => void;
