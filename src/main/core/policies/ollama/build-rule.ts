import type { Expr } from '../../../../shared/rule-ast.js';
import type { Rule, Severity } from '../../../../shared/rule.js';
import type { SourceSchema } from '../../../../shared/schema.js';
import { checkRule } from '../../rules/check.js';
import { tryParseExpression } from '../../rules/parser.js';
import { buildScope } from '../../rules/scope.js';
import { ruleIdFromQuote } from '../map/rule-id.js';
import type { MapResponse } from './responses.js';

export interface MappedCandidate {
  quote: string;
  title: string;
  description: string;
  severity: Severity;
  confidence: number;
}

export type BuiltRule = { rule: Rule; problems: [] } | { rule?: undefined; problems: string[] };

function parseField(field: 'when' | 'require' | 'violation', text: string | null, problems: string[]): Expr | undefined {
  if (text === null || text.trim() === '') return undefined;
  const parsed = tryParseExpression(text);
  if (parsed.ok) return parsed.expr;
  problems.push(`The proposed ${field} expression "${text}" is not valid rule language: ${parsed.error.message}`);
  return undefined;
}

/**
 * Turns the model's mapping into a draft rule, or into the reasons it cannot be one. The model's
 * text only ever reaches the rule-language parser and the checker: it is never run as SQL.
 */
export function buildRule(candidate: MappedCandidate, answer: MapResponse, schema: SourceSchema, connection: string): BuiltRule {
  const problems: string[] = [];
  if (!answer.mappable || answer.table === null) {
    const why = answer.problems.filter((p) => p.trim() !== '');
    return { problems: why.length > 0 ? why : ['The model found no table and columns that can check this rule.'] };
  }
  const wanted = answer.table;
  const table =
    schema.tables.find((t) => t.name === wanted) ?? schema.tables.find((t) => t.name.toLowerCase() === wanted.toLowerCase());
  if (table === undefined) {
    return { problems: [`The proposed table "${answer.table}" does not exist in connection "${connection}".`] };
  }
  const when = parseField('when', answer.when, problems);
  const require = parseField('require', answer.require, problems);
  const violation = parseField('violation', answer.violation, problems);
  if (problems.length > 0) return { problems };
  if ((require === undefined) === (violation === undefined)) {
    return { problems: ['The proposal must give exactly one of require and violation.'] };
  }
  const key = answer.key.length > 0 ? answer.key : table.primaryKey;
  if (key.length === 0) problems.push(`Table "${table.name}" has no primary key; name the columns that identify a record.`);
  const rule: Rule = {
    id: ruleIdFromQuote(candidate.quote),
    title: candidate.title,
    description: candidate.description,
    severity: candidate.severity,
    target: { connection, table: table.name, key },
    ...(when !== undefined ? { when } : {}),
    ...(require !== undefined ? { require } : {}),
    ...(violation !== undefined ? { violation } : {}),
    status: 'draft',
    origin: 'llm',
    confidence: candidate.confidence,
    version: 1,
  };
  try {
    problems.push(...checkRule(rule, buildScope(rule, schema)).map((p) => `${p.field}: ${p.message}`));
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  return problems.length > 0 ? { problems } : { rule, problems: [] };
}
