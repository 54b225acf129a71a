import type { MappingRunResult, RuleRunResult } from '../../../shared/api/scans.js';

/** One place of a rule in a run, as its row under the rule reads. */
export interface PlaceRow extends MappingRunResult {
  /** `south.expenses`, or `archive (query)`. */
  place: string;
  /** "main place" for the rule's target, "also on" for its further mappings. */
  role: 'main' | 'also';
  /** The violations list filtered to this place. */
  violationParams: Record<string, string>;
}

/** The per-place breakdown shown under a rule that read several places; none for a rule with one. */
export function placeRows(rule: Pick<RuleRunResult, 'id' | 'mappings'>): PlaceRow[] {
  const mappings = rule.mappings ?? [];
  if (mappings.length < 2) return [];
  return [...mappings]
    .sort((a, b) => a.mapping - b.mapping)
    .map((m) => ({
      ...m,
      place: m.table === 'query' ? `${m.connection} (query)` : `${m.connection}.${m.table}`,
      role: m.mapping === 0 ? 'main' : 'also',
      violationParams: { rule: rule.id, connection: m.connection, ...(m.table === 'query' ? {} : { table: m.table }) },
    }));
}
