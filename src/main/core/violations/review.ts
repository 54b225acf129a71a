import { AppError } from '../../../shared/errors.js';
import type { ReviewAction, ViolationStatus } from '../../../shared/api/violations.js';
import type { Workspace } from '../workspace/workspace.js';
import { checkReason, refusedMove, reviewMove } from './review-moves.js';

export interface ReviewResult {
  id: number;
  from: ViolationStatus;
  to: ViolationStatus;
  at: string;
}

/**
 * Applies one review: the status change, a `reviews` row and an audit entry, all in one
 * transaction, so none is ever written without the others.
 * Consistent with the scanner: it reopens a resolved violation (a manual resolve included) when the
 * record violates again, and leaves confirmed and dismissed ones as the reviewer left them.
 */
export function reviewViolation(ws: Workspace, actor: string, id: number, action: ReviewAction, reason?: string): ReviewResult {
  if (!Number.isInteger(id)) throw new AppError('INVALID_INPUT', 'A violation id must be a whole number.', { field: 'id' });
  const move = reviewMove(action);
  const text = checkReason(action, reason);
  const run = ws.db.transaction((): ReviewResult => {
    const row = ws.db.prepare('SELECT rule_id, status, resolved_run, resolved_at FROM violations WHERE id = ?').get(id) as
      | { rule_id: string; status: ViolationStatus; resolved_run: number | null; resolved_at: string | null }
      | undefined;
    if (!row) throw new AppError('NOT_FOUND', `There is no violation ${id}; refresh the list, it may belong to another workspace.`, { id });
    if (!move.from.includes(row.status)) throw refusedMove(id, row.status, action);
    const at = ws.now();
    const resolvedAt = move.to === 'resolved' ? at : null;
    ws.db
      .prepare('UPDATE violations SET status = ?, status_changed_at = ?, resolved_run = NULL, resolved_at = ? WHERE id = ?')
      .run(move.to, at, resolvedAt, id);
    ws.db.prepare('INSERT INTO reviews (violation_id, action, reason, actor, at) VALUES (?, ?, ?, ?, ?)').run(id, action, text, actor, at);
    const details: Record<string, unknown> = { ruleId: row.rule_id, reason: text, from: row.status, to: move.to };
    // Reopening a scan's resolution erases it from the row; the audit entry keeps it for the history.
    if (row.resolved_run !== null) Object.assign(details, { resolvedRun: row.resolved_run, resolvedAt: row.resolved_at });
    ws.audit.append({ actor, action: `violation.${move.verb}`, entityType: 'violation', entityId: String(id), details });
    return { id, from: row.status, to: move.to, at };
  });
  return run.immediate();
}
