import { basename } from 'node:path';
import type { WorkspaceApi, WorkspaceInfo } from '../../../shared/api/workspace.js';
import { schemaVersion } from '../workspace/migrate.js';
import type { ApiContext } from './api-context.js';

interface CountsRow {
  connections: number;
  rules: number;
  activeRules: number;
  openViolations: number;
  policies: number;
  runs: number;
}

export function createWorkspaceApi(ctx: ApiContext): WorkspaceApi {
  const counts = ctx.ws.db.prepare(
    `SELECT (SELECT count(*) FROM connections) AS connections,
            (SELECT count(*) FROM rules) AS rules,
            (SELECT count(*) FROM rules WHERE status = 'active') AS activeRules,
            (SELECT count(*) FROM violations WHERE status IN ('open', 'confirmed')) AS openViolations,
            (SELECT count(*) FROM policies) AS policies,
            (SELECT count(*) FROM runs) AS runs`,
  );
  return {
    async getWorkspace(): Promise<WorkspaceInfo> {
      return {
        path: ctx.ws.path,
        fileName: basename(ctx.ws.path),
        schemaVersion: schemaVersion(ctx.ws.db),
        actor: ctx.actor,
        host: ctx.host,
        counts: { ...(counts.get() as CountsRow) },
      };
    },
  };
}
