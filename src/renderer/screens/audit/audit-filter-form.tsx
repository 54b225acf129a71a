import { useEffect, useState } from 'react';
import type { AuditFilterView } from '../../../shared/api/audit.js';
import { ACTION_PREFIXES, cleanFilter } from './audit-query.js';

/** Text boxes apply on Enter (or the button), not on each keystroke. */
export function AuditFilterForm({ filter, onApply }: { filter: AuditFilterView; onApply(filter: AuditFilterView): void }) {
  const [draft, setDraft] = useState<AuditFilterView>(filter);
  const applied = JSON.stringify(filter);
  useEffect(() => setDraft(filter), [applied]); // eslint-disable-line react-hooks/exhaustive-deps -- follow the address
  const field = (key: keyof AuditFilterView) => ({
    value: draft[key] ?? '',
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });
  return (
    <form
      className="card audit-filter"
      role="search"
      aria-label="Filter the audit trail"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(cleanFilter(draft));
      }}
    >
      <label>
        Action starts with
        <input {...field('action')} list="audit-action-prefixes" placeholder="violation." data-testid="audit-filter-action" />
        <datalist id="audit-action-prefixes">
          {ACTION_PREFIXES.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
      </label>
      <label>
        Entity type
        <input {...field('entityType')} placeholder="violation, rule, run…" data-testid="audit-filter-entity" />
      </label>
      <label>
        Actor
        <input {...field('actor')} placeholder="app:alice" data-testid="audit-filter-actor" />
      </label>
      <label className="audit-filter-text">
        Text
        <input {...field('text')} type="search" placeholder="anywhere in the entry" data-testid="audit-filter-text" />
      </label>
      <div className="row audit-filter-actions">
        <button type="submit" className="button primary" data-testid="audit-filter-apply">
          Apply
        </button>
        <button
          type="button"
          className="button ghost"
          disabled={Object.keys(filter).length === 0 && Object.keys(cleanFilter(draft)).length === 0}
          onClick={() => {
            setDraft({});
            onApply({});
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
