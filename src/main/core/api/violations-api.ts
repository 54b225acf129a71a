import type { ViolationsApi } from '../../../shared/api/violations.js';
import { bulkReview } from '../violations/bulk-review.js';
import { queryViolations } from '../violations/query-violations.js';
import { reviewViolation } from '../violations/review.js';
import { violationDetail } from '../violations/violation-detail.js';
import type { ApiContext } from './api-context.js';

export function createViolationsApi(ctx: ApiContext): ViolationsApi {
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
    async bulkReview({ filter, action, reason }) {
      const result = await bulkReview(ctx.ws, ctx.actor, filter, action, reason);
      if (result.updated > 0) changed();
      return result;
    },
  };
}
