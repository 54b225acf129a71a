import type { CandidateDraft } from '../../../../shared/policy.js';
import type { SourceSchema } from '../../../../shared/schema.js';
import type { HeuristicFinding } from '../heuristic/clause.js';
import { mapClauseToSchema } from './map-clause.js';

/** A finding as a candidate for the review queue: mapped onto the schema, or with the reasons it was not. */
export function findingToCandidate(finding: HeuristicFinding, schema: SourceSchema | null, connection: string): CandidateDraft {
  const { clause: _clause, ...draft } = finding;
  if (schema === null) return { ...draft, problems: ['no connection chosen: the rule is not mapped onto a schema'] };
  const { rule, problems } = mapClauseToSchema(finding.clause, schema, connection, {
    quote: finding.quote,
    page: finding.page,
    title: finding.title,
    description: finding.description,
    severity: finding.severity,
    confidence: finding.confidence,
    origin: 'heuristic',
  });
  return { ...draft, ...(rule !== undefined ? { rule } : {}), ...(problems.length > 0 ? { problems } : {}) };
}
