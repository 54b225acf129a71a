import { AppError } from '../../../shared/errors.js';
import type { ReviewAction, ViolationDetail } from '../../../shared/api/violations.js';
import type { Row } from '../../../shared/schema.js';
import { printRuleFile } from '../rules/rule-file.js';
import type { Workspace } from '../workspace/workspace.js';
import { ROW_VIEW_COLUMNS, toRowView } from './query-violations.js';
import type { PageRow } from './query-violations.js';
import { buildHistory } from './violation-history.js';

interface DetailRow extends PageRow {
  snapshot: string;
  justification: string;
  first_seen_run: number;
  resolved_run: number | null;
  resolved_at: string | null;
}

function erasedScanResolutions(ws: Workspace, id: number): Array<{ at: string; runId: number }> {
  const rows = ws.db
    .prepare(`SELECT details FROM audit_log WHERE entity_type = 'violation' AND entity_id = ? AND action = 'violation.reopened' ORDER BY seq`)
    .pluck(true)
    .all(String(id)) as string[];
  const out: Array<{ at: string; runId: number }> = [];
  for (const text of rows) {
    const details = JSON.parse(text) as { resolvedRun?: unknown; resolvedAt?: unknown };
    if (typeof details.resolvedRun === 'number' && typeof details.resolvedAt === 'string') {
      out.push({ runId: details.resolvedRun, at: details.resolvedAt });
    }
  }
  return out;
}

/** Everything one violation screen shows: the record, the rule as text, the policy sentence, the history. */
export function violationDetail(ws: Workspace, id: number): ViolationDetail {
  const row = ws.db
    .prepare(
      `SELECT ${ROW_VIEW_COLUMNS}, v.snapshot, v.justification, v.first_seen_run, v.resolved_run, v.resolved_at
       FROM violations v LEFT JOIN rules r ON r.id = v.rule_id WHERE v.id = ?`,
    )
    .get(id) as DetailRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `There is no violation ${id}; refresh the list, it may have been removed with its workspace.`, { id });
  const rule = ws.rules.get(row.rule_id);
  const source = rule?.source;
  const policy = source ? ws.policies.get(source.policyId) : null;
  const reviews = ws.db
    .prepare('SELECT action, reason, actor, at FROM reviews WHERE violation_id = ? ORDER BY at, id')
    .all(id) as Array<{ action: ReviewAction; reason: string | null; actor: string; at: string }>;
  return {
    row: toRowView(row),
    snapshot: JSON.parse(row.snapshot) as Row,
    justification: row.justification,
    firstSeenRun: row.first_seen_run,
    resolvedRun: row.resolved_run,
    resolvedAt: row.resolved_at,
    rule: rule
      ? { id: rule.id, title: rule.title, description: rule.description ?? null, text: printRuleFile([rule]), version: rule.version }
      : null,
    policy: source
      ? {
          policyId: source.policyId,
          // A rule may outlive the policy it was drawn from; its provenance still names the page and quote.
          filename: policy?.filename ?? `${source.policyId} (no longer in this workspace)`,
          page: source.page,
          quote: source.quote,
        }
      : null,
    history: buildHistory({
      status: row.status,
      firstSeenAt: row.first_seen_at,
      statusChangedAt: row.status_changed_at,
      resolvedRun: row.resolved_run,
      resolvedAt: row.resolved_at,
      reviews,
      erasedScanResolutions: erasedScanResolutions(ws, id),
    }),
  };
}
