import type { Rule } from '../../../shared/rule.js';
import type { SourceSchema } from '../../../shared/schema.js';
import { AppError } from '../../../shared/errors.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import type { Workspace } from '../workspace/workspace.js';
import { buildScope } from './scope.js';
import { checkRule } from './check.js';

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
  const schemas = new Map<string, SourceSchema>();
  const problems: string[] = [];
  const ready: Rule[] = [];
  for (const name of new Set(rules.map((r) => r.target.connection))) {
    const connection = ws.connections.get(name);
    if (!connection) {
      problems.push(`Connection "${name}" does not exist (used by ${rules.filter((r) => r.target.connection === name).map((r) => `"${r.id}"`).join(', ')}). Add it first: connection add ${name} --sqlite PATH | --postgres URL`);
      continue;
    }
    const source = await options.openSource(connection.config);
    try {
      schemas.set(name, await source.schema());
      for (const rule of rules.filter((r) => r.target.connection === name)) {
        try {
          const keyed = withKey(rule, schemas.get(name)!);
          const queryColumns = keyed.target.query !== undefined ? await source.describeQuery(keyed.target.query) : undefined;
          const found = checkRule(keyed, buildScope(keyed, schemas.get(name)!, queryColumns));
          if (found.length > 0) problems.push(...found.map((p) => p.message));
          else ready.push(keyed);
        } catch (error) {
          problems.push(error instanceof Error ? error.message : String(error));
        }
      }
    } finally {
      await source.close();
    }
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
