import type { ApiMethods } from '../../../shared/api.js';
import type { ApiContext } from './api-context.js';
import { createAuditApi } from './audit-api.js';
import { createConnectionsApi } from './connections-api.js';
import { createDashboardApi } from './dashboard-api.js';
import { createGraphApi } from './graph-api.js';
import { createHostApi } from './host-api.js';
import { createJobsApi } from './jobs-api.js';
import { createPoliciesApi } from './policies-api.js';
import { createRulesApi } from './rules-api.js';
import { createScansApi } from './scans-api.js';
import { createViolationsApi } from './violations-api.js';
import { createWorkspaceApi } from './workspace-api.js';

/** The core behind the contract: every host binds this object to its transport. */
export function createCoreApi(ctx: ApiContext): ApiMethods & { dispose(): Promise<void> } {
  const scans = createScansApi(ctx);
  const policies = createPoliciesApi(ctx);
  const jobs = createJobsApi(ctx);
  return {
    ...createWorkspaceApi(ctx),
    ...createDashboardApi(ctx),
    ...createConnectionsApi(ctx),
    ...createRulesApi(ctx),
    ...createGraphApi(ctx),
    ...scans,
    ...createViolationsApi(ctx),
    ...policies,
    ...createAuditApi(ctx),
    ...jobs,
    ...createHostApi(ctx),
    /** Cancels running scans and imports and waits for them to stop. */
    async dispose() {
      await Promise.all([scans.dispose(), policies.dispose(), jobs.dispose()]);
    },
  };
}
