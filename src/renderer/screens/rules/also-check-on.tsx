import type { ConnectionSummary } from '../../../shared/api/connections.js';
import type { RuleProblem } from '../../../shared/api/rules.js';
import type { DraftForm, ProblemSlot } from './draft-form.js';
import { FieldProblems } from './field-problems.js';
import { emptyMapping, removeMapping, updateMapping } from './mapping-form.js';
import { MappingRow } from './mapping-row.js';

interface Props {
  form: DraftForm;
  update(patch: Partial<DraftForm>): void;
  problems: Map<ProblemSlot, RuleProblem[]>;
  connections: ConnectionSummary[] | null;
}

/** Further places the same rule checks: another subsidiary's database, last year's extract. */
export function AlsoCheckOn({ form, update, problems, connections }: Props) {
  const mappings = form.mappings ?? [];
  return (
    <section className="also-check-on" aria-labelledby="also-check-on-title" data-testid="also-check-on" data-count={mappings.length}>
      <h3 id="also-check-on-title">Also check on</h3>
      <p className="field-hint">
        The same rule on further tables, in this or other connections. Each place is checked against its own schema, so the columns the rule uses must exist in every one; violations say which place
        each record lives in. The preview reads the first place only; a scan reads them all.
      </p>
      <FieldProblems id="field-mappings-problems" problems={problems.get('mappings')} />
      {mappings.map((mapping, i) => (
        <MappingRow
          key={i}
          index={i}
          mapping={mapping}
          connections={connections}
          problems={problems.get(`mappings.${i}`)}
          onChange={(patch) => update({ mappings: updateMapping(mappings, i, patch) })}
          onRemove={() => update({ mappings: removeMapping(mappings, i) })}
        />
      ))}
      <div>
        <button type="button" className="button small" onClick={() => update({ mappings: [...mappings, emptyMapping()] })} data-testid="add-mapping">
          + Add a place
        </button>
      </div>
    </section>
  );
}
