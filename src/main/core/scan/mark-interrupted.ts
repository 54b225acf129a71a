import type { Workspace } from '../workspace/workspace.js';
import { createLogger } from '../logger.js';

const log = createLogger('scan');

const INTERRUPTED_RULE_ERROR = JSON.stringify({
  code: 'CANCELLED',
  message: 'Interrupted: the process running this scan stopped before the rule finished. Its committed batches are kept; run the scan again to complete it.',
});

/**
 * Marks the runs a killed process left `running` as `interrupted`, with the figures of what they
 * committed (violations first seen in them, violations they resolved) and nothing else, so the
 * runs after them never count a record twice. Returns the ids marked.
 *
 * Call it when no scan can be running on this workspace: at start-up, holding the scheduler lock.
 * A run that only reopened a resolved violation before dying does not count it as new.
 */
export function markInterruptedRuns(ws: Workspace, at: string = ws.now()): number[] {
  const ids = ws.db.prepare(`SELECT id FROM runs WHERE status = 'running' ORDER BY id`).pluck(true).all() as number[];
  if (ids.length === 0) return [];
  const markRun = ws.db.prepare(`
    UPDATE runs SET status = 'interrupted', finished_at = ?,
      violations_new = (SELECT count(*) FROM violations WHERE first_seen_run = runs.id),
      violations_resolved = (SELECT count(*) FROM violations WHERE resolved_run = runs.id AND status = 'resolved'),
      error = 'Interrupted: the process stopped during this run; what it committed is kept.'
    WHERE id = ? AND status = 'running'`);
  const markRules = ws.db.prepare(`
    UPDATE run_rules SET status = 'cancelled', error = ?,
      violations_new = (SELECT count(*) FROM violations v WHERE v.first_seen_run = run_rules.run_id AND v.rule_id = run_rules.rule_id)
    WHERE run_id = ? AND status = 'running'`);
  ws.db.transaction(() => {
    for (const id of ids) {
      markRun.run(at, id);
      markRules.run(INTERRUPTED_RULE_ERROR, id);
      ws.audit.append({ actor: 'system', action: 'scan.interrupted', entityType: 'run', entityId: String(id), details: { reason: 'the process stopped during the run' } });
    }
  })();
  log.info('marked interrupted runs', { ids });
  return ids;
}
