import type { Expr } from '../../../shared/rule-ast.js';
import type { ColumnInfo, SourceSchema, ValueType } from '../../../shared/schema.js';
import type { Rule } from '../../../shared/rule.js';
import { AppError } from '../../../shared/errors.js';

/**
 * The columns a rule can see, resolved against the discovered schema. The checker, the
 * compilers and the evaluator all resolve column references through this one scope, so a
 * reference means the same column everywhere.
 */
export interface ScopeColumn {
  /** Table as named in the rule (the base table, a joined table, or `query` for a custom dataset). */
  table: string;
  /** The column's real name in the source. */
  name: string;
  type: ValueType;
  /**
   * Name of the column in a result row and in a record snapshot: the bare column name for the
   * base table (or query dataset), `table.column` for a joined table.
   */
  alias: string;
}

export interface RuleScope {
  /** The base table (or `query` for a custom dataset). */
  base: string;
  /** Tables in FROM order: the base first, then joins. */
  tables: string[];
  columns: ScopeColumn[];
}

/** Name used for a custom `query:` dataset in the scope. */
export const QUERY_DATASET = 'query';

export type ColumnResolution =
  | { ok: true; column: ScopeColumn }
  | { ok: false; reason: 'not_found' | 'ambiguous' | 'unknown_table'; candidates: ScopeColumn[] };

function sameName(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

/**
 * Resolves `name` or `table.name`. An exact-case match wins over a case-insensitive one, so
 * `"Amount"` and `amount` can both exist in a table and still be told apart.
 */
export function resolveColumn(scope: RuleScope, ref: { table?: string; name: string }): ColumnResolution {
  let pool = scope.columns;
  if (ref.table !== undefined) {
    const table = scope.tables.find((t) => t === ref.table) ?? scope.tables.find((t) => sameName(t, ref.table!));
    if (table === undefined) return { ok: false, reason: 'unknown_table', candidates: [] };
    pool = pool.filter((c) => c.table === table);
  }
  const exact = pool.filter((c) => c.name === ref.name);
  const matches = exact.length > 0 ? exact : pool.filter((c) => sameName(c.name, ref.name));
  if (matches.length === 1) return { ok: true, column: matches[0]! };
  if (matches.length === 0) return { ok: false, reason: 'not_found', candidates: [] };
  // Unqualified and present in several tables: the base table wins, as in most SQL habits.
  const onBase = matches.filter((c) => c.table === scope.base);
  if (ref.table === undefined && onBase.length === 1) return { ok: true, column: onBase[0]! };
  return { ok: false, reason: 'ambiguous', candidates: matches };
}

/** Resolves or throws; for code that runs after the checker has accepted the rule. */
export function mustResolve(scope: RuleScope, ref: { table?: string; name: string }): ScopeColumn {
  const result = resolveColumn(scope, ref);
  if (result.ok) return result.column;
  const shown = ref.table ? `${ref.table}.${ref.name}` : ref.name;
  throw new AppError('RULE_INVALID', `Column ${shown} is ${result.reason.replace('_', ' ')} in this rule's target.`);
}

function toScopeColumns(table: string, columns: ColumnInfo[], isBase: boolean): ScopeColumn[] {
  return columns.map((c) => ({
    table,
    name: c.name,
    type: c.type,
    alias: isBase ? c.name : `${table}.${c.name}`,
  }));
}

/**
 * Builds the scope of a rule: the base table (or the columns a custom query returns) and its joins.
 * Throws RULE_INVALID naming the rule when a table does not exist.
 */
export function buildScope(rule: Rule, schema: SourceSchema, queryColumns?: ColumnInfo[]): RuleScope {
  const findTable = (name: string) =>
    schema.tables.find((t) => t.name === name) ?? schema.tables.find((t) => sameName(t.name, name));
  const missing = (name: string): AppError => {
    const known = schema.tables.map((t) => t.name).slice(0, 12).join(', ');
    return new AppError(
      'RULE_INVALID',
      `Rule "${rule.id}": table "${name}" does not exist in connection "${rule.target.connection}". Known tables: ${known || '(none)'}.`,
      { ruleId: rule.id, field: 'target.table' },
    );
  };

  let base: string;
  const columns: ScopeColumn[] = [];
  if (rule.target.query !== undefined) {
    if (!queryColumns) throw new AppError('INTERNAL', `Rule "${rule.id}": the columns of its query were not described.`);
    base = QUERY_DATASET;
    columns.push(...toScopeColumns(base, queryColumns, true));
  } else {
    const table = findTable(rule.target.table ?? '');
    if (!table) throw missing(rule.target.table ?? '');
    base = table.name;
    columns.push(...toScopeColumns(base, table.columns, true));
  }
  const tables = [base];
  for (const join of rule.target.join ?? []) {
    const table = findTable(join.table);
    if (!table) throw missing(join.table);
    tables.push(table.name);
    columns.push(...toScopeColumns(table.name, table.columns, false));
  }
  return { base, tables, columns };
}

/** Every column reference in an expression, in reading order. */
export function columnRefs(expr: Expr | undefined): Array<{ table?: string; name: string }> {
  const out: Array<{ table?: string; name: string }> = [];
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case 'number':
      case 'string':
      case 'boolean':
      case 'null':
      case 'date':
        return;
      case 'column':
        out.push(e.table === undefined ? { name: e.name } : { table: e.table, name: e.name });
        return;
      case 'negate':
      case 'not':
        visit(e.operand);
        return;
      case 'arithmetic':
      case 'compare':
      case 'logical':
        visit(e.left);
        visit(e.right);
        return;
      case 'in':
        visit(e.operand);
        e.list.forEach(visit);
        return;
      case 'between':
        visit(e.operand);
        visit(e.low);
        visit(e.high);
        return;
      case 'is_null':
        visit(e.operand);
        return;
      case 'like':
      case 'matches':
        visit(e.operand);
        visit(e.pattern);
        return;
      case 'call':
        e.args.forEach(visit);
        return;
      case 'aggregate':
        if (e.arg) visit(e.arg);
        return;
      default: {
        const never: never = e;
        throw new Error(`unhandled expression ${JSON.stringify(never)}`);
      }
    }
  };
  if (expr) visit(expr);
  return out;
}
