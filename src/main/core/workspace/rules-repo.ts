import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.js';
import { RULE_ORIGINS, RULE_STATUSES, SEVERITIES } from '../../../shared/rule.js';
import type { Rule, RuleStatus } from '../../../shared/rule.js';
import type { AuditLog } from '../audit/audit-log.js';
import { canonicalJson } from '../audit/canonical-json.js';
import type { Clock } from './clock.js';

export interface RuleVersion {
  ruleId: string;
  version: number;
  definition: Rule;
  actor: string;
  reason: string | null;
  createdAt: string;
}

export interface RulesRepo {
  /**
   * Stores a rule and returns it as stored. A new rule starts at version 1; an existing one gets a
   * new version (and a `rule_versions` row) only when its definition changed. The status is not
   * part of the definition: a different status is applied as by `setStatus`, with its own entry.
   * The incoming `version` is ignored.
   */
  upsert(rule: Rule, actor: string, reason?: string): Rule;
  get(id: string): Rule | null;
  /** By id. */
  list(filter?: { status?: RuleStatus; connection?: string }): Rule[];
  setStatus(id: string, status: RuleStatus, actor: string, reason?: string): Rule;
  /** Oldest first. */
  versions(id: string): RuleVersion[];
}

interface RuleRow {
  id: string;
  status: RuleStatus;
  version: number;
  definition: string;
}

interface VersionRow {
  rule_id: string;
  version: number;
  definition: string;
  actor: string;
  reason: string | null;
  created_at: string;
}

/** Status and version live in their columns; the rest of the rule is its definition. */
function definitionKey(rule: Rule): Record<string, unknown> {
  const { status: _status, version: _version, ...rest } = rule;
  return rest;
}

function changedFields(before: Rule, after: Rule): string[] {
  const a = definitionKey(before);
  const b = definitionKey(after);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((key) => canonicalJson(a[key] ?? null) !== canonicalJson(b[key] ?? null))
    .sort();
}

function checkShape(rule: Rule): void {
  const fail = (field: string, expected: string): never => {
    throw new AppError('RULE_INVALID', `Rule "${String(rule?.id)}": ${field} must be ${expected}.`, {
      ruleId: rule?.id,
      field,
    });
  };
  if (typeof rule?.id !== 'string' || rule.id.trim() === '') fail('id', 'a non-empty string');
  if (typeof rule.title !== 'string' || rule.title.trim() === '') fail('title', 'a non-empty string');
  if (!SEVERITIES.includes(rule.severity)) fail('severity', SEVERITIES.join(' | '));
  if (!RULE_STATUSES.includes(rule.status)) fail('status', RULE_STATUSES.join(' | '));
  if (!RULE_ORIGINS.includes(rule.origin)) fail('origin', RULE_ORIGINS.join(' | '));
  if (typeof rule.target?.connection !== 'string' || rule.target.connection === '') {
    fail('target.connection', 'a connection name');
  }
}

function statusAction(status: RuleStatus): string {
  switch (status) {
    case 'active':
      return 'rule.activated';
    case 'inactive':
      return 'rule.deactivated';
    case 'draft':
      return 'rule.returned_to_draft';
    default: {
      const unreachable: never = status;
      throw new Error(`Unknown rule status: ${String(unreachable)}`);
    }
  }
}

function toRule(row: RuleRow): Rule {
  // Written by this repository from a checked Rule; the columns are authoritative for status and version.
  const rule = JSON.parse(row.definition) as Rule;
  return { ...rule, status: row.status, version: row.version };
}

export function createRulesRepo(db: Database.Database, audit: AuditLog, clock: Clock): RulesRepo {
  const byId = db.prepare('SELECT id, status, version, definition FROM rules WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO rules (id, title, severity, status, origin, version, connection, target_table, definition, created_at, updated_at)
     VALUES (@id, @title, @severity, @status, @origin, @version, @connection, @targetTable, @definition, @at, @at)`,
  );
  const update = db.prepare(
    `UPDATE rules SET title = @title, severity = @severity, origin = @origin, version = @version,
       connection = @connection, target_table = @targetTable, definition = @definition, updated_at = @at
     WHERE id = @id`,
  );
  const updateStatus = db.prepare('UPDATE rules SET status = ?, definition = ?, updated_at = ? WHERE id = ?');
  const insertVersion = db.prepare(
    'INSERT INTO rule_versions (rule_id, version, definition, actor, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const versionsOf = db.prepare('SELECT * FROM rule_versions WHERE rule_id = ? ORDER BY version');

  const columns = (rule: Rule, at: string) => ({
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    status: rule.status,
    origin: rule.origin,
    version: rule.version,
    connection: rule.target.connection,
    targetTable: rule.target.table ?? null,
    definition: JSON.stringify(rule),
    at,
  });

  /** Applies a status change with its audit entry; nothing happens when the status is already that. */
  function changeStatus(current: Rule, status: RuleStatus, actor: string, reason?: string): Rule {
    if (current.status === status) return current;
    const rule: Rule = { ...current, status };
    updateStatus.run(status, JSON.stringify(rule), clock(), rule.id);
    audit.append({
      actor,
      action: statusAction(status),
      entityType: 'rule',
      entityId: rule.id,
      details: { from: current.status, to: status, version: rule.version, ...(reason ? { reason } : {}) },
    });
    return rule;
  }

  const upsert = db.transaction((input: Rule, actor: string, reason?: string): Rule => {
    checkShape(input);
    const row = byId.get(input.id) as RuleRow | undefined;
    const at = clock();
    const why = reason ? { reason } : {};
    if (!row) {
      const rule: Rule = { ...input, version: 1 };
      insert.run(columns(rule, at));
      insertVersion.run(rule.id, 1, JSON.stringify(rule), actor, reason ?? null, at);
      audit.append({
        actor,
        action: 'rule.imported',
        entityType: 'rule',
        entityId: rule.id,
        details: { version: 1, title: rule.title, status: rule.status, origin: rule.origin, ...why },
      });
      return rule;
    }
    let current = toRule(row);
    const changed = changedFields(current, input);
    if (changed.length > 0) {
      current = { ...input, status: current.status, version: current.version + 1 };
      update.run(columns(current, at));
      insertVersion.run(current.id, current.version, JSON.stringify(current), actor, reason ?? null, at);
      audit.append({
        actor,
        action: 'rule.updated',
        entityType: 'rule',
        entityId: current.id,
        details: { version: current.version, previousVersion: current.version - 1, changed, ...why },
      });
    }
    return changeStatus(current, input.status, actor, reason);
  });

  const setStatus = db.transaction((id: string, status: RuleStatus, actor: string, reason?: string): Rule => {
    if (!RULE_STATUSES.includes(status)) {
      throw new AppError('INVALID_INPUT', `"${String(status)}" is not a rule status: use ${RULE_STATUSES.join(', ')}.`);
    }
    const row = byId.get(id) as RuleRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No rule with id "${id}". See the ids with "rules list".`, { ruleId: id });
    return changeStatus(toRule(row), status, actor, reason);
  });

  return {
    upsert: (rule, actor, reason) => upsert.immediate(rule, actor, reason),
    get(id) {
      const row = byId.get(id) as RuleRow | undefined;
      return row ? toRule(row) : null;
    },
    list(filter = {}) {
      const where: string[] = [];
      const params: Record<string, string> = {};
      if (filter.status !== undefined) {
        where.push('status = @status');
        params.status = filter.status;
      }
      if (filter.connection !== undefined) {
        where.push('connection = @connection');
        params.connection = filter.connection;
      }
      const sql = `SELECT id, status, version, definition FROM rules ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
      return (db.prepare(sql).all(params) as RuleRow[]).map(toRule);
    },
    setStatus: (id, status, actor, reason) => setStatus.immediate(id, status, actor, reason),
    versions: (id) =>
      (versionsOf.all(id) as VersionRow[]).map((row) => ({
        ruleId: row.rule_id,
        version: row.version,
        definition: JSON.parse(row.definition) as Rule,
        actor: row.actor,
        reason: row.reason,
        createdAt: row.created_at,
      })),
  };
}
