import type { Expr } from './rule-ast.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const RULE_STATUSES = ['draft', 'active', 'inactive'] as const;
export type RuleStatus = (typeof RULE_STATUSES)[number];

export const RULE_ORIGINS = ['llm', 'heuristic', 'manual'] as const;
export type RuleOrigin = (typeof RULE_ORIGINS)[number];

export interface JoinSpec {
  table: string;
  on: Expr;
  type: 'inner' | 'left';
}

/**
 * Where a rule looks. Exactly one of `table` and `query` is set; `query` is a read-only
 * SELECT written by a person (never by a model), run as a sub-query in a read-only session.
 */
export interface RuleTarget {
  connection: string;
  table?: string;
  query?: string;
  /** Columns that identify a record (or a group); defaults to the table's primary key. */
  key: string[];
  join?: JoinSpec[];
  /**
   * A column of the base table (or query dataset) that only grows as records are added or changed
   * (an increasing id, an updated-at timestamp): incremental scans read only records past the last
   * value they committed. A number, date or timestamp column; not allowed on group rules.
   */
  watermark?: string;
}

export interface RuleProvenance {
  policyId: string;
  page: number;
  quote: string;
}

/**
 * A record violates when `when` holds and `require` does not hold (an unknown `require`,
 * i.e. SQL NULL, is a violation too). `violation` is the direct form: records for which it is
 * TRUE violate (NULL does not match). Exactly one of `require` and `violation` is set.
 * With `groupBy`, the rule is evaluated per group and its expressions may use aggregates.
 */
export interface Rule {
  id: string;
  title: string;
  description?: string;
  severity: Severity;
  target: RuleTarget;
  /**
   * Further places the same rule checks (another connection, this year's and last year's extract):
   * each is validated against its own schema and scanned on its own. The rule file calls them `also_on`.
   */
  mappings?: RuleTarget[];
  when?: Expr;
  require?: Expr;
  violation?: Expr;
  groupBy?: string[];
  status: RuleStatus;
  origin: RuleOrigin;
  confidence?: number;
  source?: RuleProvenance;
  tags?: string[];
  version: number;
}
