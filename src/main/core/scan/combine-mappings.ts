import type { SerializedError } from '../../../shared/errors.js';
import type { MappingRunResult, RuleRunStatus } from '../../../shared/api/scans.js';

export interface CombinedFigures {
  status: RuleRunStatus;
  recordsScanned: number;
  recordsInScope: number;
  violationsFound: number;
  violationsOpen: number;
  violationsNew: number;
  resolved: number;
  error: SerializedError | null;
}

/** The figures of a rule or place before it has read anything: completed, all zero, no error. */
export function noFigures(): CombinedFigures & { durationMs: number } {
  return {
    status: 'completed',
    recordsScanned: 0,
    recordsInScope: 0,
    violationsFound: 0,
    violationsOpen: 0,
    violationsNew: 0,
    resolved: 0,
    durationMs: 0,
    error: null,
  };
}

/**
 * A rule's figures from those of its places: counts are sums (so the dashboard's compliance of a
 * rule is its passing records over its records in scope, across every place); the rule is
 * cancelled when a place was, else failed when any failed; errors are joined, each naming its place.
 */
export function combineMappings(parts: MappingRunResult[]): CombinedFigures {
  const sum = (pick: (p: MappingRunResult) => number): number => parts.reduce((s, p) => s + pick(p), 0);
  const status: RuleRunStatus = parts.some((p) => p.status === 'cancelled')
    ? 'cancelled'
    : parts.some((p) => p.status === 'failed')
      ? 'failed'
      : 'completed';
  // The rule's error is the most serious kind present: a failure before skipped records.
  const worst = parts.filter((p) => p.error !== null && (status === 'completed' || p.status !== 'completed'));
  const error: SerializedError | null =
    worst.length === 0
      ? null
      : worst.length === 1
        ? worst[0]!.error
        : { ...worst[0]!.error!, message: worst.map((p) => p.error!.message).join('; ') };
  return {
    status,
    recordsScanned: sum((p) => p.recordsScanned),
    recordsInScope: sum((p) => p.recordsInScope),
    violationsFound: sum((p) => p.violationsFound),
    violationsOpen: sum((p) => p.violationsOpen),
    violationsNew: sum((p) => p.violationsNew),
    resolved: sum((p) => p.resolved),
    error,
  };
}
