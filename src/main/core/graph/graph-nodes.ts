import type { GraphNode, GraphNodeKind } from '../../../shared/api/graph.js';
import type { Rule } from '../../../shared/rule.js';

/** A table a rule reads: a real table of a connection, or the dataset of one rule's custom query. */
export interface TableRef {
  connection: string;
  name: string;
  /** Set for a custom `query:` target: the rule whose query it is. */
  queryOf?: string;
}

export function ruleNodeId(ruleId: string): string {
  return `rule:${ruleId}`;
}

function tableKey(table: TableRef): string {
  return table.queryOf !== undefined ? `query:${table.queryOf}` : `${table.connection}.${table.name}`;
}

function tableLabel(table: TableRef): string {
  return table.queryOf !== undefined ? `(query of ${table.queryOf})` : table.name;
}

export function ruleNode(rule: Rule): GraphNode {
  return {
    id: ruleNodeId(rule.id),
    kind: 'rule',
    label: rule.title,
    ruleId: rule.id,
    status: rule.status,
    severity: rule.severity,
    connection: rule.target.connection,
    ...(rule.target.table !== undefined ? { table: rule.target.table } : {}),
  };
}

/** `table:CONNECTION.TABLE`, or `query:RULEID` for a custom query's dataset. */
export function tableNode(table: TableRef): GraphNode {
  const common = { kind: 'table' as const, label: tableLabel(table), connection: table.connection };
  return table.queryOf !== undefined
    ? { id: `query:${table.queryOf}`, ...common, ruleId: table.queryOf }
    : { id: `table:${tableKey(table)}`, ...common, table: table.name };
}

/** `column:CONNECTION.TABLE.COLUMN`, labelled `table.column` as people write it in rules. */
export function columnNode(table: TableRef, column: string): GraphNode {
  return {
    id: `column:${tableKey(table)}.${column}`,
    kind: 'column',
    label: `${tableLabel(table)}.${column}`,
    connection: table.connection,
    ...(table.queryOf !== undefined ? { ruleId: table.queryOf } : { table: table.name }),
  };
}

const KIND_ORDER: Record<GraphNodeKind, number> = { rule: 0, table: 1, column: 2 };

/** Rules, then tables, then columns, each by id: the same graph always lists the same way. */
export function compareNodes(a: GraphNode, b: GraphNode): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareIds(a.id, b.id);
}

/** Code-unit order, independent of the locale the app runs in. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
