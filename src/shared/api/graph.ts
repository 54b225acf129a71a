import type { RuleStatus, Severity } from '../rule.js';

export type GraphNodeKind = 'rule' | 'table' | 'column';

export interface GraphNode {
  /** `rule:ID`, `table:CONNECTION.TABLE`, `column:CONNECTION.TABLE.COLUMN`. */
  id: string;
  kind: GraphNodeKind;
  label: string;
  ruleId?: string;
  status?: RuleStatus;
  severity?: Severity;
  connection?: string;
  table?: string;
}

/**
 * `reads`: a rule reads a column (rule → column); `has-column`: table → column;
 * `same-fields`: two rules read the same fields; `depends-on`: one rule's scope (its `when`, joins or
 * group) reads data another rule checks. `reason` says which fields, in words.
 */
export type GraphEdgeKind = 'reads' | 'has-column' | 'same-fields' | 'depends-on';

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: GraphEdgeKind;
  reason: string;
  fields?: string[];
}

export interface RuleGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Each cycle of `depends-on` edges as the rule node ids along it. */
  cycles: string[][];
  /** Increases every time a rule change alters the graph. */
  revision: number;
}

export interface GraphApi {
  getRuleGraph(args: Record<string, never>): Promise<RuleGraph>;
}
