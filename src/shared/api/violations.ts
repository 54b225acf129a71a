import type { Severity } from '../rule.js';
import type { CellValue, Row } from '../schema.js';

export type ViolationStatus = 'open' | 'confirmed' | 'dismissed' | 'resolved';
export type ReviewAction = 'confirm' | 'dismiss' | 'resolve' | 'reopen';

export interface ViolationFilter {
  ruleId?: string;
  severity?: Severity;
  status?: ViolationStatus;
  connection?: string;
  table?: string;
  /** First seen on or after this day (YYYY-MM-DD or ISO time). */
  from?: string;
  /** First seen before the end of this day. */
  to?: string;
}

export type ViolationSortColumn = 'id' | 'severity' | 'status' | 'ruleId' | 'table' | 'firstSeenAt' | 'statusChangedAt';

export interface ViolationRowView {
  id: number;
  ruleId: string;
  ruleTitle: string;
  severity: Severity;
  status: ViolationStatus;
  connection: string;
  table: string;
  recordKey: CellValue[];
  firstSeenAt: string;
  statusChangedAt: string;
  /** The justification's first line. */
  summary: string;
}

export interface ViolationPage {
  rows: ViolationRowView[];
  /** Every violation matching the filter. */
  total: number;
  offset: number;
}

export interface ReviewEntry {
  action: ReviewAction | 'detected' | 'resolved-by-scan' | 'reopened-by-scan';
  actor: string;
  at: string;
  reason: string | null;
}

export interface ViolationDetail {
  row: ViolationRowView;
  snapshot: Row;
  justification: string;
  firstSeenRun: number;
  resolvedRun: number | null;
  resolvedAt: string | null;
  rule: { id: string; title: string; description: string | null; text: string; version: number } | null;
  policy: { policyId: string; filename: string; page: number; quote: string } | null;
  history: ReviewEntry[];
}

export interface ViolationsApi {
  /** One page in SQL; never loads every row. */
  queryViolations(args: {
    filter: ViolationFilter;
    sort?: { column: ViolationSortColumn; direction: 'asc' | 'desc' };
    offset: number;
    limit: number;
  }): Promise<ViolationPage>;
  getViolation(args: { id: number }): Promise<ViolationDetail>;
  /** `dismiss` needs a reason. Refuses a move the status does not allow (e.g. reopen an open one). */
  reviewViolation(args: { id: number; action: ReviewAction; reason?: string }): Promise<ViolationDetail>;
  /**
   * Applies one review to every violation matching the filter that allows it; returns how many
   * changed. With a `requestId`, `review.progress` events report the count as batches commit and
   * `cancelBulkReview` stops it between batches (what was committed stays, and is in the audit trail).
   */
  bulkReview(args: { filter: ViolationFilter; action: ReviewAction; reason?: string; requestId?: string }): Promise<BulkReviewResult>;
  /** Stops a bulk review started with this `requestId`; nothing happens when it has already finished. */
  cancelBulkReview(args: { requestId: string }): Promise<void>;
}

export interface BulkReviewResult {
  updated: number;
  /** Matched the filter but their status does not allow the action (0 when cancelled: not all were looked at). */
  skipped: number;
  /** Stopped by `cancelBulkReview` before every matching violation was reviewed. */
  cancelled: boolean;
}
