import type { Rule } from '../../../shared/rule.js';
import type { SourceSchema } from '../../../shared/schema.js';
import { AppError } from '../../../shared/errors.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import type { Workspace } from '../workspace/workspace.js';
import { checkRuleMappings, type SchemaOf } from './check-mappings.js';
import { ruleTargets } from './mappings.js';

export interface ImportRulesOptions {
  activate?: boolean;
  actor: string;
  reason?: string;
  openSource: (config: ConnectionConfig) => Promise<Source>;
}

export interface ImportedRule {
  id: string;
  status: Rule['status'];
  version: number;
}

/** Fills what the file may leave out: the key defaults to the primary key (or the group columns). */
export function withKey(rule: Rule, schema: SourceSchema): Rule {
  if (rule.target.key.length > 0) return rule;
  if (rule.groupBy && rule.groupBy.length > 0) return { ...rule, target: { ...rule.target, key: [...rule.groupBy] } };
  const table = schema.tables.find((t) => t.name === rule.target.table);
  if (!table || table.primaryKey.length === 0) {
    throw new AppError(
      'RULE_INVALID',
      `Rule "${rule.id}": target.key is missing and ${rule.target.table ? `table "${rule.target.table}" has no primary key` : 'a query dataset has no primary key'}; name the columns that identify a record, e.g. key: [id].`,
      { ruleId: rule.id, field: 'target.key' },
    );
  }
  return { ...rule, target: { ...rule.target, key: [...table.primaryKey] } };
}

/**
 * Validates rules against the live schema of their connections and stores them, all or nothing:
 * a rule naming a missing table or column, or comparing text with a number, is refused with a
 * message that names the rule and what to write instead, and then no rule of the file is stored.
 */
export async function importRules(ws: Workspace, rules: Rule[], options: ImportRulesOptions): Promise<ImportedRule[]> {
  const problems: string[] = [];
  const ready: Rule[] = [];
  const usedBy = (name: string): Rule[] => rules.filter((r) => ruleTargets(r).some((t) => t.connection === name));
  const opened = new Map<string, SchemaOf>();
  try {
    for (const name of new Set(rules.flatMap((r) => ruleTargets(r).map((t) => t.connection)))) {
      const connection = ws.connections.get(name);
      if (!connection) {
        problems.push(`Connection "${name}" does not exist (used by ${usedBy(name).map((r) => `"${r.id}"`).join(', ')}). Add it first: connection add ${name} --sqlite PATH | --postgres URL`);
        continue;
      }
      const source = await options.openSource(connection.config);
      try {
        opened.set(name, { source, schema: await source.schema() });
      } catch (error) {
        await source.close();
        throw error;
      }
    }
    for (const rule of rules) {
      if (ruleTargets(rule).some((t) => !opened.has(t.connection))) continue;
      const checked = await checkRuleMappings(rule, async (name) => opened.get(name)!);
      if (checked.problems.length > 0) problems.push(...checked.problems);
      else ready.push(checked.rule);
    }
  } finally {
    for (const { source } of opened.values()) await source.close();
  }
  if (problems.length > 0) {
    throw new AppError('RULE_INVALID', `No rule was imported:\n- ${problems.join('\n- ')}`, { problems });
  }
  const imported: ImportedRule[] = [];
  ws.db.transaction(() => {
    for (const rule of ready) {
      const existing = ws.rules.get(rule.id);
      const status = options.activate ? 'active' : (existing?.status ?? rule.status);
      const stored = ws.rules.upsert({ ...rule, status }, options.actor, options.reason ?? 'imported from a rule file');
      imported.push({ id: stored.id, status: stored.status, version: stored.version });
    }
  })();
  return imported;
}
