import type { ReviewAction, ReviewEntry, ViolationStatus } from '../../../shared/api/violations.js';

export interface HistoryInput {
  status: ViolationStatus;
  firstSeenAt: string;
  statusChangedAt: string;
  resolvedRun: number | null;
  resolvedAt: string | null;
  /** Oldest first. */
  reviews: Array<{ action: ReviewAction; reason: string | null; actor: string; at: string }>;
  /** Scan resolutions that a later manual reopen erased from the row, from that reopen's audit entry. */
  erasedScanResolutions: Array<{ at: string; runId: number }>;
}

/**
 * The violation's story: detected, each review, and what the scanner did where the data tells.
 * The scanner keeps no review rows: a resolution by scan shows in `resolved_run`/`resolved_at`
 * (or in the audit entry of a later manual reopen), and a reopening by scan shows as an open
 * violation whose status changed after the last event we know of.
 */
export function buildHistory(input: HistoryInput): ReviewEntry[] {
  const events: ReviewEntry[] = [{ action: 'detected', actor: 'scan', at: input.firstSeenAt, reason: null }];
  for (const e of input.erasedScanResolutions) events.push({ action: 'resolved-by-scan', actor: 'scan', at: e.at, reason: `run ${e.runId}` });
  for (const r of input.reviews) events.push({ action: r.action, actor: r.actor, at: r.at, reason: r.reason });
  if (input.resolvedRun !== null && input.resolvedAt !== null) {
    events.push({ action: 'resolved-by-scan', actor: 'scan', at: input.resolvedAt, reason: `run ${input.resolvedRun}` });
  }
  // Stable: equal times keep the order above (detected, scan, review).
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  // Only the scanner changes an open violation's status without a review row: resolved by one scan
  // (or by hand) and found again by a later one.
  const last = events[events.length - 1]!;
  if (input.status === 'open' && input.statusChangedAt > last.at) {
    events.push({ action: 'reopened-by-scan', actor: 'scan', at: input.statusChangedAt, reason: null });
  }
  return events;
}
