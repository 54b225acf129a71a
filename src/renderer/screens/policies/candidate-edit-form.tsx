import { useState } from 'react';
import type { RuleDraft, RuleProblem } from '../../../shared/api/rules.js';
import { SEVERITIES, type Severity } from '../../../shared/rule.js';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { ErrorBanner } from '../../ui/states.js';
import { draftFromForm, problemsByField, type DraftForm, type ProblemSlot } from '../rules/draft-form.js';

interface Props {
  initial: DraftForm;
  /** Problems the core found in the last attempt, placed by field. */
  problems: RuleProblem[];
  error: Error | null;
  busy: boolean;
  onAccept(draft: RuleDraft, activate: boolean): void;
  onCancel(): void;
}

const SHOWN: ReadonlySet<ProblemSlot> = new Set<ProblemSlot>(['id', 'title', 'severity', 'connection', 'table', 'when', 'require', 'violation']);

/** A compact editor for the fields a candidate's rule needs; the core checks it on accept. */
export function CandidateEditForm({ initial, problems, error, busy, onAccept, onCancel }: Props) {
  const [form, setForm] = useState<DraftForm>(initial);
  const connections = useApiQuery(() => getApi().listConnections({}), [], ['connections']);
  const schema = useApiQuery(() => (form.connection ? getApi().getSchema({ name: form.connection }) : Promise.resolve(null)), [form.connection]);
  const byField = problemsByField(problems, SHOWN);
  const set = <K extends keyof DraftForm>(key: K, value: DraftForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const ruleField = form.mode;
  const tables = schema.data?.tables ?? [];
  const columns = tables.find((t) => t.name === form.table)?.columns ?? [];

  const fieldProblems = (slot: ProblemSlot) =>
    (byField.get(slot) ?? []).map((p, i) => (
      <div key={i} className="field-error" data-testid={`edit-problem-${slot}`}>
        {p.message}
      </div>
    ));

  return (
    <form
      className="form candidate-edit"
      data-testid="candidate-edit"
      onSubmit={(e) => {
        e.preventDefault();
        onAccept(draftFromForm(form), false);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <div className="form-row">
        <label>
          Rule id
          <input value={form.id} onChange={(e) => set('id', e.target.value)} className="mono" data-testid="edit-id" />
          {fieldProblems('id')}
        </label>
        <label>
          Severity
          <select value={form.severity} onChange={(e) => set('severity', e.target.value as Severity)} data-testid="edit-severity">
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        Title
        <input value={form.title} onChange={(e) => set('title', e.target.value)} data-testid="edit-title" />
        {fieldProblems('title')}
      </label>
      <div className="form-row">
        <label>
          Connection
          <select value={form.connection} onChange={(e) => setForm((f) => ({ ...f, connection: e.target.value, table: '' }))} data-testid="edit-connection">
            <option value="">Choose…</option>
            {(connections.data ?? []).map((c) => (
              <option key={c.id} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
          {fieldProblems('connection')}
        </label>
        <label>
          Table
          <input value={form.table} onChange={(e) => set('table', e.target.value)} list="candidate-tables" className="mono" data-testid="edit-table" />
          <datalist id="candidate-tables">
            {tables.map((t) => (
              <option key={t.name} value={t.name} />
            ))}
          </datalist>
          {schema.error && <div className="field-error">{schema.error.message}</div>}
          {fieldProblems('table')}
        </label>
      </div>
      <label>
        When (optional: which records the rule applies to)
        <textarea rows={2} value={form.when} onChange={(e) => set('when', e.target.value)} spellCheck={false} data-testid="edit-when" />
        {fieldProblems('when')}
      </label>
      <fieldset className="rule-mode">
        <legend>The rule is written as</legend>
        <label className="checkbox">
          <input type="radio" name="rule-mode" checked={form.mode === 'require'} onChange={() => set('mode', 'require')} />
          what every record must satisfy (require)
        </label>
        <label className="checkbox">
          <input type="radio" name="rule-mode" checked={form.mode === 'violation'} onChange={() => set('mode', 'violation')} />
          what a violating record looks like (violation)
        </label>
      </fieldset>
      <label>
        {ruleField === 'require' ? 'Require' : 'Violation'}
        <textarea rows={3} value={form[ruleField]} onChange={(e) => set(ruleField, e.target.value)} spellCheck={false} data-testid="edit-rule" />
        {fieldProblems(ruleField)}
      </label>
      {columns.length > 0 && (
        <p className="muted column-hint">
          Columns of {form.table}: <span className="mono">{columns.map((c) => `${c.name} (${c.type})`).join(', ')}</span>
        </p>
      )}
      {(byField.get('general') ?? []).map((p, i) => (
        <div key={i} className="field-error" data-testid="edit-problem-general">
          {p.message}
        </div>
      ))}
      {/* Placed problems already say what is wrong; the banner would repeat them. */}
      {error && problems.length === 0 && <ErrorBanner error={error} />}
      {problems.length > 0 && (
        <div className="field-error" role="alert">
          The rule has {problems.length} problem{problems.length === 1 ? '' : 's'} (shown above): fix them, then accept again.
        </div>
      )}
      <div className="row">
        <button type="submit" className="button" disabled={busy} data-testid="edit-accept">
          Accept edited as draft
        </button>
        <button type="button" className="button primary" disabled={busy} onClick={() => onAccept(draftFromForm(form), true)} data-testid="edit-activate">
          Accept edited and activate
        </button>
        <button type="button" className="button ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
