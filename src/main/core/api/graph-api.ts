import type { GraphApi } from '../../../shared/api/graph.js';
import { workspaceRuleGraph } from '../graph/workspace-graph.js';
import type { ApiContext } from './api-context.js';

/** The rule graph slice. The rules slice calls `refreshRuleGraph(ctx.ws)` after a save to keep it warm. */
export function createGraphApi(ctx: ApiContext): GraphApi {
  return {
    async getRuleGraph() {
      return workspaceRuleGraph(ctx.ws);
    },
  };
}
