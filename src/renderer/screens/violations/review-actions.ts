import type { ReviewAction, ViolationStatus } from '../../../shared/api/violations.js';

/** The moves the core allows from each status (it refuses any other with a message). */
const FROM: Record<ReviewAction, readonly ViolationStatus[]> = {
  confirm: ['open'],
  dismiss: ['open', 'confirmed'],
  resolve: ['open', 'confirmed'],
  reopen: ['dismissed', 'resolved'],
};

export const REVIEW_ACTIONS: readonly ReviewAction[] = ['confirm', 'dismiss', 'resolve', 'reopen'];

export function allowedActions(status: ViolationStatus): ReviewAction[] {
  return REVIEW_ACTIONS.filter((a) => FROM[a].includes(status));
}

export function actionLabel(action: ReviewAction): string {
  switch (action) {
    case 'confirm':
      return 'Confirm';
    case 'dismiss':
      return 'Dismiss…';
    case 'resolve':
      return 'Resolve';
    case 'reopen':
      return 'Reopen';
    default: {
      const unhandled: never = action;
      throw new Error(`Unknown review action ${String(unhandled)}`);
    }
  }
}

/** A dismissal always needs a reason; the others take an optional note. */
export function reasonProblem(action: ReviewAction, reason: string): string | null {
  if (action === 'dismiss' && reason.trim() === '') return 'Say why this is not a problem (e.g. "approved exception, ticket 123").';
  return null;
}

/** Bulk actions only touch the matching violations whose status allows the move. */
export function bulkSummary(action: ReviewAction, result: { updated: number; skipped: number; cancelled?: boolean }): string {
  const verb = { confirm: 'confirmed', dismiss: 'dismissed', resolve: 'resolved', reopen: 'reopened' }[action];
  const changed = `${result.updated.toLocaleString('en-US')} ${result.updated === 1 ? 'violation' : 'violations'} ${verb}`;
  if (result.cancelled) return `Stopped: ${changed}; the others were left as they were.`;
  if (result.skipped === 0) return `${changed}.`;
  return `${changed}; ${result.skipped.toLocaleString('en-US')} skipped (their status does not allow it).`;
}
