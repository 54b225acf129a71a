import { setImmediate as nextTick } from 'node:timers/promises';
import type { BulkReviewResult, ReviewAction, ViolationFilter } from '../../../shared/api/violations.js';
import { createLogger } from '../logger.js';
import type { Workspace } from '../workspace/workspace.js';
import { checkReason, reviewMove } from './review-moves.js';
import { filterForAudit, filterSql } from './violation-filter-sql.js';

const log = createLogger('bulk-review');

export const BULK_BATCH_SIZE = 1000;

export type { BulkReviewResult };

export interface BulkReviewOptions {
  batchSize?: number;
  /** Stops between batches: what was committed stays, and the summary entry says it was cancelled. */
  signal?: AbortSignal;
  /** After every committed batch: how many changed so far, of at most `total` matching. */
  onProgress?: (updated: number, total: number) => void;
}

/**
 * Applies one review to every matching violation whose status allows it. Set-based, a batch of
 * ids at a time through a temporary table, one transaction per batch: memory stays flat however
 * many rows match, and the event loop gets a turn between batches. One `reviews` row per
 * violation; one summary audit entry, written with the last batch.
 */
export async function bulkReview(
  ws: Workspace,
  actor: string,
  filter: ViolationFilter,
  action: ReviewAction,
  reason?: string,
  options: BulkReviewOptions = {},
): Promise<BulkReviewResult> {
  const batchSize = options.batchSize ?? BULK_BATCH_SIZE;
  const move = reviewMove(action);
  const text = checkReason(action, reason);
  const { where, params } = filterSql(filter);
  const db = ws.db;
  const statusParams = Object.fromEntries(move.from.map((s, i) => [`from${i}`, s]));
  // The unary + keeps the planner off status-led indexes for this term: those would return the
  // rows out of id order and sort them again for every batch; walking by id is linear overall.
  const allowed = `+v.status IN (${move.from.map((_, i) => `@from${i}`).join(', ')})`;
  const matching = `${where ? `${where} AND` : 'WHERE'} ${allowed}`;

  db.exec('CREATE TEMP TABLE IF NOT EXISTS bulk_review_ids (id INTEGER PRIMARY KEY)');
  const total = db.prepare(`SELECT count(*) FROM violations v ${where}`).pluck(true).get(params) as number;
  const pick = db.prepare(
    `INSERT INTO temp.bulk_review_ids (id) SELECT v.id FROM violations v ${matching} AND v.id > @after ORDER BY v.id LIMIT @limit`,
  );
  const update = db.prepare(
    `UPDATE violations SET status = @to, status_changed_at = @at, resolved_run = NULL, resolved_at = @resolvedAt
     WHERE id IN (SELECT id FROM temp.bulk_review_ids)`,
  );
  const insertReviews = db.prepare(
    `INSERT INTO reviews (violation_id, action, reason, actor, at) SELECT id, @action, @reason, @actor, @at FROM temp.bulk_review_ids ORDER BY id`,
  );
  const lastId = db.prepare('SELECT max(id) FROM temp.bulk_review_ids').pluck(true);
  const clear = db.prepare('DELETE FROM temp.bulk_review_ids');

  let updated = 0;
  let after = -1;
  const at = ws.now();
  const summary = (cancelled: boolean): void => {
    ws.audit.append({
      actor,
      action: 'violation.bulk-reviewed',
      entityType: 'violation',
      entityId: null,
      details: { filter: filterForAudit(filter), action, reason: text, updated, ...(cancelled ? { cancelled: true } : {}) },
    });
  };
  const batch = db.transaction((): number => {
    const picked = pick.run({ ...params, ...statusParams, after, limit: batchSize }).changes;
    if (picked > 0) {
      update.run({ to: move.to, at, resolvedAt: move.to === 'resolved' ? at : null });
      insertReviews.run({ action, reason: text, actor, at });
      after = lastId.get() as number;
      updated += picked;
    }
    clear.run();
    // The last batch is the one that found fewer than a full batch: the summary goes with it.
    if (picked < batchSize && updated > 0) summary(false);
    return picked;
  });
  try {
    for (;;) {
      const picked = batch.immediate();
      options.onProgress?.(updated, total);
      if (picked < batchSize) break;
      await nextTick();
      if (options.signal?.aborted) {
        // The batches so far are committed; the trail says how many, and that the rest were left.
        if (updated > 0) db.transaction(() => summary(true)).immediate();
        return { updated, skipped: 0, cancelled: true };
      }
    }
  } catch (error) {
    log.error('bulk review stopped', { action, updated, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  return { updated, skipped: Math.max(0, total - updated), cancelled: false };
}
