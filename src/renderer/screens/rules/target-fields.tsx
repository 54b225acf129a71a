import type { ConnectionSummary } from '../../../shared/api/connections.js';
import type { RuleProblem } from '../../../shared/api/rules.js';
import type { SourceSchema } from '../../../shared/schema.js';
import type { CompletionTable } from './completion.js';
import type { DraftForm, ProblemSlot } from './draft-form.js';
import { routeHref } from '../../app/router.js';
import { ExpressionField } from './expression-field.js';
import { FieldProblems } from './field-problems.js';

interface Props {
  form: DraftForm;
  update(patch: Partial<DraftForm>): void;
  problems: Map<ProblemSlot, RuleProblem[]>;
  connections: ConnectionSummary[] | null;
  schema: SourceSchema | null;
  schemaError: Error | null;
  tables: CompletionTable[];
}

/** Where the rule looks: connection, table, key, and (under Advanced) joins and a custom query. */
export function TargetFields({ form, update, problems, connections, schema, schemaError, tables }: Props) {
  const base = schema?.tables.find((t) => t.name === form.table);
  const keyHint = base && base.primaryKey.length > 0 ? `Defaults to the primary key: ${base.primaryKey.join(', ')}` : 'Columns that identify a record, comma-separated';
  const setJoin = (index: number, patch: Partial<DraftForm['joins'][number]>): void =>
    update({ joins: form.joins.map((j, i) => (i === index ? { ...j, ...patch } : j)) });
  const invalid = (slot: ProblemSlot) => (problems.get(slot)?.length ?? 0) > 0;

  return (
    <>
      <div className="form-row">
        <label>
          Connection
          <select value={form.connection} onChange={(e) => update({ connection: e.target.value, table: '' })} aria-invalid={invalid('connection')} data-testid="field-connection">
            <option value="">Choose a connection…</option>
            {connections?.map((c) => (
              <option key={c.id} value={c.name}>
                {c.name} ({c.engine})
              </option>
            ))}
          </select>
          <FieldProblems id="field-connection-problems" problems={problems.get('connection')} />
          {connections && connections.length === 0 && <span className="field-hint">
              No connections yet: <a href={routeHref('connections')}>add one on the Connections page</a> first.
            </span>}
        </label>
        <label>
          Table
          <select value={form.table} onChange={(e) => update({ table: e.target.value })} aria-invalid={invalid('table')} disabled={!schema} data-testid="field-table">
            <option value="">{schema ? 'Choose a table…' : 'Choose a connection first'}</option>
            {schema?.tables.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
            {form.table !== '' && schema && !schema.tables.some((t) => t.name === form.table) && <option value={form.table}>{form.table} (not in the schema)</option>}
          </select>
          <FieldProblems id="field-table-problems" problems={problems.get('table')} />
          {schemaError && <span className="field-error">{schemaError.message}</span>}
        </label>
        <label>
          Key columns
          <input value={form.key} onChange={(e) => update({ key: e.target.value })} placeholder={base?.primaryKey.join(', ') || 'id'} aria-invalid={invalid('key')} data-testid="field-key" />
          <span className="field-hint">{keyHint}</span>
          <FieldProblems id="field-key-problems" problems={problems.get('key')} />
        </label>
      </div>
      <details className="rule-advanced" open={form.joins.length > 0 || form.query !== '' || undefined}>
        <summary>Advanced: joins and a custom query</summary>
        <div className="form">
          {form.joins.map((join, i) => (
            <fieldset key={i} className="join-row">
              <legend>Join #{i + 1}</legend>
              <div className="form-row">
                <label>
                  Table
                  <select value={join.table} onChange={(e) => setJoin(i, { table: e.target.value })} data-testid={`field-join-${i}-table`}>
                    <option value="">Choose a table…</option>
                    {schema?.tables.map((t) => (
                      <option key={t.name} value={t.name}>
                        {t.name}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Type
                  <select value={join.type} onChange={(e) => setJoin(i, { type: e.target.value === 'left' ? 'left' : 'inner' })}>
                    <option value="inner">inner (records with a match)</option>
                    <option value="left">left (also records without one)</option>
                  </select>
                </label>
              </div>
              <ExpressionField
                name={`join-${i}-on`}
                label="On"
                value={join.on}
                onChange={(on) => setJoin(i, { on })}
                problems={problems.get(`join.${i}.on`)}
                tables={tables}
                rows={1}
                placeholder={`${join.table || 'other'}.id = ${form.table || 'base'}.other_id`}
              />
              <button type="button" className="button small danger" onClick={() => update({ joins: form.joins.filter((_, k) => k !== i) })}>
                Remove join #{i + 1}
              </button>
            </fieldset>
          ))}
          <FieldProblems id="field-join-problems" problems={problems.get('join')} />
          <div>
            <button type="button" className="button small" onClick={() => update({ joins: [...form.joins, { table: '', on: '', type: 'inner' }] })} data-testid="add-join">
              + Add a join
            </button>
          </div>
          <label>
            Custom query (instead of a table; read-only SELECT)
            <textarea value={form.query} rows={3} onChange={(e) => update({ query: e.target.value })} spellCheck={false} aria-invalid={invalid('query')} data-testid="field-query" />
            <FieldProblems id="field-query-problems" problems={problems.get('query')} />
          </label>
        </div>
      </details>
    </>
  );
}
