import { useState } from 'react';
import type { SourceSchema, TableInfo } from '../../../shared/schema.js';
import { formatCount } from '../../ui/format.js';
import { EmptyState } from '../../ui/states.js';
import { columnRows, filterTables } from './schema-filter.js';

/** Tables (filterable, with row estimates) beside the chosen table's columns. */
export function SchemaBrowser({ schema }: { schema: SourceSchema }) {
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const tables = filterTables(schema.tables, query);
  const table = tables.find((t) => t.name === chosen) ?? tables[0] ?? null;

  if (schema.tables.length === 0) {
    return (
      <EmptyState title="This source has no tables">
        Rules need tables (or views) to read: check that the file or database is the one you meant, and that the user may read its tables.
      </EmptyState>
    );
  }

  return (
    <div className="schema-browser">
      <div className="card schema-tables">
        <label>
          Filter tables
          <input type="search" value={query} placeholder="table or column name" onChange={(e) => setQuery(e.target.value)} data-testid="schema-filter" />
        </label>
        {tables.length === 0 ? (
          <p className="muted">No table or column matches “{query}”.</p>
        ) : (
          <ul className="schema-table-list" data-testid="schema-tables">
            {tables.map((t) => (
              <li key={t.name}>
                <button
                  type="button"
                  className={`schema-table-button${t === table ? ' selected' : ''}`}
                  aria-pressed={t === table}
                  onClick={() => setChosen(t.name)}
                  data-testid="schema-table"
                  data-table={t.name}
                >
                  <span className="mono">{t.name}</span>
                  <span className="muted" title="Estimated rows">
                    {t.rowEstimate === null ? '—' : `~${formatCount(t.rowEstimate)}`}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="card schema-columns">{table ? <ColumnTable table={table} /> : <p className="muted">Choose a table.</p>}</div>
    </div>
  );
}

function ColumnTable({ table }: { table: TableInfo }) {
  return (
    <>
      <h2 className="mono" data-testid="schema-table-title">
        {table.name}
      </h2>
      <p className="muted">
        {table.columns.length} column{table.columns.length === 1 ? '' : 's'} · about {formatCount(table.rowEstimate)} rows ·{' '}
        {table.primaryKey.length > 0 ? `key (${table.primaryKey.join(', ')})` : 'no primary key: rules on it need a key'}
      </p>
      <table className="table" data-testid="schema-columns">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Column</th>
            <th scope="col">Type</th>
            <th scope="col">Native type</th>
            <th scope="col">Nullable</th>
          </tr>
        </thead>
        <tbody>
          {columnRows(table).map((c) => (
            <tr key={c.name} data-testid="schema-column" data-column={c.name}>
              <td>{c.keyPosition !== null && <span className="badge key-badge" title={`Primary key, position ${c.keyPosition}`}>PK{table.primaryKey.length > 1 ? ` ${c.keyPosition}` : ''}</span>}</td>
              <td className="mono">{c.name}</td>
              <td>{c.type}</td>
              <td className="mono muted">{c.nativeType || '—'}</td>
              <td>{c.nullable ? 'yes' : <strong>not null</strong>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
