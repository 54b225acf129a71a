import type { ViolationsApi } from '../../../shared/api/violations.js';
import { AppError } from '../../../shared/errors.js';
import { bulkReview } from '../violations/bulk-review.js';
import { queryViolations } from '../violations/query-violations.js';
import { reviewViolation } from '../violations/review.js';
import { violationDetail } from '../violations/violation-detail.js';
import type { ApiContext } from './api-context.js';

/** At most about ten progress events a second per bulk review. */
const PROGRESS_INTERVAL_MS = 100;

export function createViolationsApi(ctx: ApiContext): ViolationsApi {
  // Bulk reviews in progress, by the caller's request id: what cancelBulkReview stops.
  const running = new Map<string, AbortController>();
  const changed = (): void => {
    ctx.emit({ type: 'data.changed', what: 'violations' });
    ctx.emit({ type: 'data.changed', what: 'audit' });
  };
  return {
    async queryViolations(args) {
      return queryViolations(ctx.ws.db, args);
    },
    async getViolation({ id }) {
      return violationDetail(ctx.ws, id);
    },
    async reviewViolation({ id, action, reason }) {
      reviewViolation(ctx.ws, ctx.actor, id, action, reason);
      changed();
      return violationDetail(ctx.ws, id);
    },
    async bulkReview({ filter, action, reason, requestId }) {
      if (requestId !== undefined && running.has(requestId)) {
        throw new AppError('INVALID_INPUT', `A bulk review with request id "${requestId}" is already running.`, { requestId });
      }
      const controller = new AbortController();
      if (requestId !== undefined) running.set(requestId, controller);
      let last = Number.NEGATIVE_INFINITY;
      try {
        const result = await bulkReview(ctx.ws, ctx.actor, filter, action, reason, {
          signal: controller.signal,
          onProgress: (updated, total) => {
            const now = performance.now();
            if (requestId === undefined || now - last < PROGRESS_INTERVAL_MS) return;
            last = now;
            ctx.emit({ type: 'review.progress', requestId, updated, total });
          },
        });
        if (result.updated > 0) changed();
        return result;
      } finally {
        if (requestId !== undefined) running.delete(requestId);
      }
    },
    async cancelBulkReview({ requestId }) {
      running.get(requestId)?.abort();
    },
  };
}
