import type { DashboardApi } from '../../../shared/api/dashboard.js';
import { computeDashboard } from '../insights/dashboard.js';
import type { ApiContext } from './api-context.js';

export function createDashboardApi(ctx: ApiContext): DashboardApi {
  return {
    async getDashboard({ days }) {
      return computeDashboard(ctx.ws, days, ctx.nextScheduledScan());
    },
  };
}
