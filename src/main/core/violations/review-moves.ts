import { AppError } from '../../../shared/errors.js';
import type { ReviewAction, ViolationStatus } from '../../../shared/api/violations.js';

export interface ReviewMove {
  /** The statuses the action may start from. */
  from: readonly ViolationStatus[];
  to: ViolationStatus;
  /** Past tense, for the audit action `violation.<verb>`. */
  verb: 'confirmed' | 'dismissed' | 'resolved' | 'reopened';
}

export function reviewMove(action: ReviewAction): ReviewMove {
  switch (action) {
    case 'confirm':
      return { from: ['open'], to: 'confirmed', verb: 'confirmed' };
    case 'dismiss':
      return { from: ['open', 'confirmed'], to: 'dismissed', verb: 'dismissed' };
    case 'resolve':
      return { from: ['open', 'confirmed'], to: 'resolved', verb: 'resolved' };
    case 'reopen':
      return { from: ['dismissed', 'resolved'], to: 'open', verb: 'reopened' };
    default: {
      const unknown: never = action;
      throw new AppError('INVALID_INPUT', `Unknown review action "${String(unknown)}": use confirm, dismiss, resolve or reopen.`, { field: 'action' });
    }
  }
}

/** What each status allows, for messages. */
const ACTIONS: readonly ReviewAction[] = ['confirm', 'dismiss', 'resolve', 'reopen'];

export function allowedActions(status: ViolationStatus): ReviewAction[] {
  return ACTIONS.filter((a) => reviewMove(a).from.includes(status));
}

/** The reason as stored: trimmed, null when blank. A dismissal without one is refused. */
export function checkReason(action: ReviewAction, reason: unknown): string | null {
  if (reason !== undefined && reason !== null && typeof reason !== 'string') {
    throw new AppError('INVALID_INPUT', 'The review reason must be text.', { field: 'reason' });
  }
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (action === 'dismiss' && text === '') {
    throw new AppError('INVALID_INPUT', 'A dismissal needs a reason: say why this violation is not a problem (e.g. "approved exception, ticket 123").', { field: 'reason' });
  }
  return text === '' ? null : text;
}

export function refusedMove(id: number, status: ViolationStatus, action: ReviewAction): AppError {
  const allowed = allowedActions(status);
  return new AppError(
    'INVALID_INPUT',
    `Violation ${id} is ${status}, so it cannot be ${reviewMove(action).verb}; a ${status} violation can only be ${allowed.map((a) => reviewMove(a).verb).join(' or ')}.`,
    { id, status, action, allowed },
  );
}
