import type { Rule } from '../../../shared/rule.js';
import type { Workspace } from '../workspace/workspace.js';
import type { RuleSelection } from './schedule.js';

export interface SelectedRules {
  rules: Rule[];
  /** Rules the selection names that are missing or not active, so the history can say why they were not scanned. */
  skipped: Array<{ id: string; why: string }>;
}

/** The active rules a job's selection means right now. */
export function selectJobRules(ws: Workspace, selection: RuleSelection): SelectedRules {
  switch (selection.kind) {
    case 'all-active':
      return { rules: ws.rules.list({ status: 'active' }), skipped: [] };
    case 'policy':
      return { rules: ws.rules.list({ status: 'active' }).filter((r) => r.source?.policyId === selection.policyId), skipped: [] };
    case 'tag':
      return { rules: ws.rules.list({ status: 'active' }).filter((r) => r.tags?.includes(selection.tag) ?? false), skipped: [] };
    case 'rules': {
      const rules: Rule[] = [];
      const skipped: SelectedRules['skipped'] = [];
      for (const id of selection.ids) {
        const rule = ws.rules.get(id);
        if (!rule) skipped.push({ id, why: 'no such rule' });
        else if (rule.status !== 'active') skipped.push({ id, why: `the rule is ${rule.status}` });
        else rules.push(rule);
      }
      return { rules, skipped };
    }
    default: {
      const unhandled: never = selection;
      throw new Error(`unknown rule selection ${JSON.stringify(unhandled)}`);
    }
  }
}
