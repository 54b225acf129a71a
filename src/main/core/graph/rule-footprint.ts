import type { Expr } from '../../../shared/rule-ast.js';
import type { Rule } from '../../../shared/rule.js';
import type { GraphNode } from '../../../shared/api/graph.js';
import { QUERY_DATASET, columnRefs } from '../rules/scope.js';
import { columnNode, compareIds, ruleNode, tableNode, type TableRef } from './graph-nodes.js';

/**
 * Where a rule reads a column: `scope` (its `when`, join conditions, `group_by`), `check` (its
 * `require` or `violation`), `key` (the record identity).
 */
export type ReadRole = 'scope' | 'check' | 'key';

export interface ColumnRead {
  node: GraphNode;
  /** The node of the table the column belongs to. */
  table: GraphNode;
  /** The column as written. */
  name: string;
  roles: ReadRole[];
}

/** What one rule contributes to the graph; the index keeps one per rule. */
export interface RuleFootprint {
  rule: GraphNode;
  /** Sorted by node id. */
  tables: GraphNode[];
  /** Sorted by node id. */
  columns: ColumnRead[];
}

const ROLE_ORDER: readonly ReadRole[] = ['scope', 'check', 'key'];

function sameName(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

/**
 * Resolves column references the way the rule's scope would, but without a schema: a qualifier
 * names the base table or a join (exact case first), an unqualified name is on the base table
 * (the scope's own tie-break). Column names keep their case: a schema may hold both `Amount` and
 * `amount`, and the graph cannot tell them apart any better than the rule text does.
 */
function tableResolver(rule: Rule): { base: TableRef; find(qualifier: string): TableRef | undefined } {
  const connection = rule.target.connection;
  const base: TableRef =
    rule.target.query !== undefined
      ? { connection, name: QUERY_DATASET, queryOf: rule.id }
      : { connection, name: rule.target.table ?? '' };
  const tables: TableRef[] = [base, ...(rule.target.join ?? []).map((j) => ({ connection, name: j.table }))];
  return {
    base,
    find: (qualifier) => tables.find((t) => t.name === qualifier) ?? tables.find((t) => sameName(t.name, qualifier)),
  };
}

export function ruleFootprint(rule: Rule): RuleFootprint {
  const resolver = tableResolver(rule);
  const tables = new Map<string, GraphNode>();
  const columns = new Map<string, { node: GraphNode; table: GraphNode; name: string; roles: Set<ReadRole> }>();

  const addTable = (table: TableRef): GraphNode => {
    const node = tableNode(table);
    tables.set(node.id, node);
    return node;
  };
  const read = (table: TableRef, name: string, role: ReadRole): void => {
    const tableNodeOf = addTable(table);
    const node = columnNode(table, name);
    const entry = columns.get(node.id) ?? { node, table: tableNodeOf, name, roles: new Set<ReadRole>() };
    entry.roles.add(role);
    columns.set(node.id, entry);
  };
  const readRef = (ref: { table?: string; name: string }, role: ReadRole): void => {
    if (ref.table === undefined) return read(resolver.base, ref.name, role);
    // A qualifier naming no table of the rule is kept as written: the checker reports it, the graph still shows it.
    read(resolver.find(ref.table) ?? { connection: rule.target.connection, name: ref.table }, ref.name, role);
  };
  const readExpr = (expr: Expr | undefined, role: ReadRole): void => {
    for (const ref of columnRefs(expr)) readRef(ref, role);
  };
  // `key` and `group_by` hold names, which may contain dots: a plain name first, as the checker does.
  const readNamed = (name: string, role: ReadRole): void => {
    const dot = name.indexOf('.');
    const qualified = dot > 0 ? resolver.find(name.slice(0, dot)) : undefined;
    if (qualified) read(qualified, name.slice(dot + 1), role);
    else read(resolver.base, name, role);
  };

  addTable(resolver.base);
  for (const join of rule.target.join ?? []) {
    addTable(resolver.find(join.table) ?? resolver.base);
    readExpr(join.on, 'scope');
  }
  readExpr(rule.when, 'scope');
  for (const name of rule.groupBy ?? []) readNamed(name, 'scope');
  readExpr(rule.require, 'check');
  readExpr(rule.violation, 'check');
  for (const name of rule.target.key) readNamed(name, 'key');

  const byId = (a: { id: string }, b: { id: string }): number => compareIds(a.id, b.id);
  return {
    rule: ruleNode(rule),
    tables: [...tables.values()].sort(byId),
    columns: [...columns.values()]
      .sort((a, b) => byId(a.node, b.node))
      .map((c) => ({ node: c.node, table: c.table, name: c.name, roles: ROLE_ORDER.filter((r) => c.roles.has(r)) })),
  };
}

/** Columns that count as "the fields a rule reads": everything but the record identity. */
export function fieldReads(footprint: RuleFootprint): ColumnRead[] {
  return footprint.columns.filter((c) => c.roles.includes('scope') || c.roles.includes('check'));
}
