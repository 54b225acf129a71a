import type { Rule, RuleOrigin, RuleStatus, Severity } from '../rule.js';
import type { Row } from '../schema.js';
import type { RuleRunStatus } from './scans.js';

/** A rule as a person edits it: expressions in the rule language, everything else as fields. */
export interface RuleDraft {
  id: string;
  title: string;
  description?: string;
  severity: Severity;
  connection: string;
  table?: string;
  /** A read-only SELECT instead of a table. */
  query?: string;
  /** Defaults to the table's primary key. */
  key?: string[];
  join?: Array<{ table: string; on: string; type: 'inner' | 'left' }>;
  when?: string;
  require?: string;
  violation?: string;
  groupBy?: string[];
  tags?: string[];
  /** Further places the same rule checks (another connection's table, last year's extract), each checked against its own schema. */
  mappings?: RuleDraftMapping[];
}

/** One further place of a rule, as the editor shows it. */
export interface RuleDraftMapping {
  connection: string;
  table?: string;
  query?: string;
  /** Defaults to the table's primary key. */
  key?: string[];
  join?: Array<{ table: string; on: string; type: 'inner' | 'left' }>;
}

/** `mappings.N` places a problem on the N-th further place (0-based). */
export type RuleDraftField = keyof RuleDraft | `join.${number}.on` | `mappings.${number}`;

/** One problem with a draft, placed where the editor can show it. */
export interface RuleProblem {
  field: RuleDraftField | null;
  message: string;
  /** 1-based column inside the field's text, when the problem has a place. */
  column?: number;
  /** How many characters to underline from `column`. */
  length?: number;
}

export interface RuleLastResult {
  runId: number;
  at: string;
  status: RuleRunStatus;
  recordsInScope: number;
  violationsOpen: number;
  error: string | null;
}

export interface RuleSummary {
  id: string;
  title: string;
  severity: Severity;
  status: RuleStatus;
  origin: RuleOrigin;
  version: number;
  connection: string;
  /** The table, or `(query)` for a custom query. */
  table: string;
  openViolations: number;
  lastResult: RuleLastResult | null;
}

export interface RuleVersionView {
  version: number;
  actor: string;
  reason: string | null;
  createdAt: string;
  draft: RuleDraft;
}

export interface RuleDetail {
  summary: RuleSummary;
  rule: Rule;
  draft: RuleDraft;
  versions: RuleVersionView[];
  /** The policy sentence behind the rule, when it came from a policy. */
  source: { policyId: string; filename: string; page: number; quote: string } | null;
}

export interface RulePreview {
  /** Records (or groups) in scope and how many of them violate, over the whole target. */
  recordsInScope: number;
  violating: number;
  /** Up to `limit` violating records with their justification. */
  sample: Array<{ key: unknown[]; row: Row; justification: string }>;
  columns: string[];
  durationMs: number;
  /** Where this rule may come out differently on the source's engine than the rule language says (absent when none). */
  warnings?: string[];
}

export interface RulesApi {
  listRules(args: { status?: RuleStatus }): Promise<RuleSummary[]>;
  getRule(args: { id: string }): Promise<RuleDetail>;
  /** Parses and type-checks a draft against its connection's live schema. Never throws for a bad draft: it lists the problems. */
  checkRule(args: { draft: RuleDraft }): Promise<{ problems: RuleProblem[] }>;
  /** Runs a valid draft against its source without storing anything. Throws RULE_INVALID with `details.problems` for a bad draft. */
  previewRule(args: { draft: RuleDraft; limit?: number }): Promise<RulePreview>;
  /** Creates or updates (a new version) a rule; a new rule is a draft unless `activate`. */
  saveRule(args: { draft: RuleDraft; activate?: boolean; reason?: string }): Promise<RuleSummary>;
  setRuleStatus(args: { id: string; status: RuleStatus; reason?: string }): Promise<RuleSummary>;
}
