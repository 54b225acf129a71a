import type { ConnectionSummary } from '../../../shared/api/connections.js';
import type { RuleProblem } from '../../../shared/api/rules.js';
import { FieldProblems } from './field-problems.js';
import { mappingLabel, type MappingForm } from './mapping-form.js';
import { useSchema } from './use-schema.js';

interface Props {
  index: number;
  mapping: MappingForm;
  connections: ConnectionSummary[] | null;
  problems: RuleProblem[] | undefined;
  onChange(patch: Partial<MappingForm>): void;
  onRemove(): void;
}

/** One further place: its own connection, a table from that connection's schema, and a key. */
export function MappingRow({ index, mapping, connections, problems, onChange, onRemove }: Props) {
  const schema = useSchema(mapping.connection);
  const tables = schema.data?.tables ?? [];
  const base = tables.find((t) => t.name === mapping.table);
  const bad = (problems?.length ?? 0) > 0;
  const id = `mapping-${index}`;
  const label = mappingLabel(mapping, index);

  return (
    <fieldset className={`mapping-row${bad ? ' bad' : ''}`} data-testid={id} aria-describedby={bad ? `field-mappings-${index}-problems` : undefined}>
      <legend>{label}</legend>
      <div className="form-row">
        <label>
          Connection
          <select value={mapping.connection} onChange={(e) => onChange({ connection: e.target.value })} aria-invalid={bad} data-testid={`${id}-connection`}>
            <option value="">Choose a connection…</option>
            {connections?.map((c) => (
              <option key={c.id} value={c.name}>
                {c.name} ({c.engine})
              </option>
            ))}
            {mapping.connection !== '' && connections && !connections.some((c) => c.name === mapping.connection) && <option value={mapping.connection}>{mapping.connection} (not found)</option>}
          </select>
        </label>
        {mapping.query !== undefined ? (
          <label>
            Custom query
            <textarea value={mapping.query} rows={2} spellCheck={false} onChange={(e) => onChange({ query: e.target.value })} data-testid={`${id}-query`} />
          </label>
        ) : (
          <label>
            Table
            <select value={mapping.table} onChange={(e) => onChange({ table: e.target.value })} disabled={!schema.data} aria-invalid={bad} data-testid={`${id}-table`}>
              <option value="">{schema.data ? 'Choose a table…' : mapping.connection === '' ? 'Choose a connection first' : 'Reading the schema…'}</option>
              {tables.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.name}
                </option>
              ))}
              {mapping.table !== '' && schema.data && !tables.some((t) => t.name === mapping.table) && <option value={mapping.table}>{mapping.table} (not in the schema)</option>}
            </select>
            {schema.error && <span className="field-error">{schema.error.message}</span>}
          </label>
        )}
        <label>
          Key columns
          <input value={mapping.key} onChange={(e) => onChange({ key: e.target.value })} placeholder={base?.primaryKey.join(', ') || 'id'} data-testid={`${id}-key`} />
          <span className="field-hint">{base && base.primaryKey.length > 0 ? `Defaults to the primary key: ${base.primaryKey.join(', ')}` : 'Columns that identify a record here, comma-separated'}</span>
        </label>
      </div>
      <FieldProblems id={`field-mappings-${index}-problems`} problems={problems} />
      <div>
        <button type="button" className="button small danger" onClick={onRemove} aria-label={`Remove ${label}`} data-testid={`${id}-remove`}>
          Remove this place
        </button>
      </div>
    </fieldset>
  );
}
