import { useMemo, useRef, useState } from 'react';
import type { RuleProblem, RuleSummary } from '../../../shared/api/rules.js';
import { SEVERITIES, type Severity } from '../../../shared/rule.js';
import { ApiError } from '../../../shared/api-client.js';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { ErrorBanner } from '../../ui/states.js';
import { AlsoCheckOn } from './also-check-on.js';
import { completionTables } from './completion-tables.js';
import { draftFromForm, problemsByField, shownFields, suggestId, type DraftForm } from './draft-form.js';
import { ExpressionField } from './expression-field.js';
import { FieldProblems } from './field-problems.js';
import { PreviewPanel, type PreviewState } from './preview-panel.js';
import { TargetFields } from './target-fields.js';
import { useDraftCheck } from './use-draft-check.js';
import { useSchema } from './use-schema.js';
import './rules.css';

interface Props {
  initial: DraftForm;
  isNew: boolean;
  /** Ids already taken, so a new rule cannot silently overwrite one. */
  takenIds?: readonly string[];
  onSaved(summary: RuleSummary): void;
}

function problemsOf(error: unknown): RuleProblem[] | null {
  if (!(error instanceof ApiError) || error.code !== 'RULE_INVALID') return null;
  const problems = error.details?.problems;
  return Array.isArray(problems) ? (problems as RuleProblem[]) : null;
}

/** The rule editor: fields, live checks against the schema, preview, save. */
export function RuleEditor({ initial, isNew, takenIds = [], onSaved }: Props) {
  const [form, setForm] = useState<DraftForm>(initial);
  const [idTouched, setIdTouched] = useState(!isNew || initial.id !== '');
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<Error | null>(null);
  const [preview, setPreview] = useState<PreviewState>({ phase: 'idle' });
  const previewRun = useRef(0);

  const update = (patch: Partial<DraftForm>): void => {
    setForm((old) => {
      const next = { ...old, ...patch };
      if (isNew && !idTouched && patch.title !== undefined) next.id = suggestId(patch.title);
      return next;
    });
    setSaveError(null);
  };

  const draft = useMemo(() => draftFromForm(form), [form]);
  const check = useDraftCheck(draft);
  const connections = useApiQuery(() => getApi().listConnections({}), [], ['connections']);
  const schema = useSchema(form.connection);
  const tables = useMemo(() => completionTables(schema.data ?? null, form.table, form.joins.map((j) => j.table)), [schema.data, form.table, form.joins]);

  const allProblems: RuleProblem[] = useMemo(() => {
    const taken = isNew && takenIds.includes(draft.id) ? [{ field: 'id' as const, message: `A rule "${draft.id}" already exists: choose another id, or open that rule to edit it.` }] : [];
    return [...taken, ...check.problems];
  }, [check.problems, draft.id, isNew, takenIds]);
  const problems = problemsByField(allProblems, shownFields(form, isNew));
  const invalid = (slot: 'id' | 'title' | 'severity' | 'description' | 'groupBy') => (problems.get(slot)?.length ?? 0) > 0;

  const runPreview = async (): Promise<void> => {
    const mine = ++previewRun.current;
    setPreview({ phase: 'running' });
    try {
      const result = await getApi().previewRule({ draft, limit: 20 });
      if (mine === previewRun.current) setPreview({ phase: 'done', preview: result });
    } catch (e) {
      if (mine !== previewRun.current) return;
      const placed = problemsOf(e);
      if (placed) check.setProblems(placed);
      setPreview({ phase: 'failed', error: e instanceof Error ? e : new Error(String(e)) });
    }
  };

  const save = async (activate: boolean): Promise<void> => {
    setSaving(true);
    setSaveError(null);
    try {
      const summary = await getApi().saveRule({ draft, activate, ...(reason.trim() !== '' ? { reason: reason.trim() } : {}) });
      setReason('');
      onSaved(summary);
    } catch (e) {
      const placed = problemsOf(e);
      if (placed) check.setProblems(placed);
      setSaveError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setSaving(false);
    }
  };

  const blocking = allProblems.length > 0;
  const general = problems.get('general');
  const status = check.checking ? 'Checking…' : check.error ? 'The check could not run.' : blocking ? `${allProblems.length === 1 ? '1 problem' : `${allProblems.length} problems`} to fix` : 'No problems: the rule can be previewed and saved.';

  return (
    <div className="rule-editor" data-testid="rule-editor" data-checking={check.checking ? 'true' : 'false'} data-problems={allProblems.length}>
      <section className="card form" aria-label="Rule definition">
        <div className="row">
          <h2 className="card-title">Definition</h2>
          <span className="spacer" />
          <span className={`check-status ${blocking && !check.checking ? 'bad' : ''}`} role="status" aria-live="polite" data-testid="check-status">
            {status}
          </span>
        </div>
        {check.error && <ErrorBanner error={check.error} />}
        {general && <FieldProblems id="field-general-problems" problems={general} />}
        <div className="form-row">
          {isNew && (
            <label>
              Id
              <input
                value={form.id}
                onChange={(e) => {
                  setIdTouched(true);
                  update({ id: e.target.value });
                }}
                placeholder="expenses-need-receipt"
                aria-invalid={invalid('id')}
                data-testid="field-id"
              />
              <FieldProblems id="field-id-problems" problems={problems.get('id')} />
            </label>
          )}
          <label className="wide">
            Title
            <input value={form.title} onChange={(e) => update({ title: e.target.value })} placeholder="Expenses over $75 need a receipt" aria-invalid={invalid('title')} data-testid="field-title" />
            <FieldProblems id="field-title-problems" problems={problems.get('title')} />
          </label>
          <label>
            Severity
            <select value={form.severity} onChange={(e) => update({ severity: e.target.value as Severity })} aria-invalid={invalid('severity')} data-testid="field-severity">
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
            <FieldProblems id="field-severity-problems" problems={problems.get('severity')} />
          </label>
        </div>
        <label>
          Description
          <textarea className="prose" rows={2} value={form.description} onChange={(e) => update({ description: e.target.value })} data-testid="field-description" />
          <FieldProblems id="field-description-problems" problems={problems.get('description')} />
        </label>
        <TargetFields form={form} update={update} problems={problems} connections={connections.data} schema={schema.data ?? null} schemaError={schema.error} tables={tables} />
        <AlsoCheckOn form={form} update={update} problems={problems} connections={connections.data} />
        <ExpressionField
          name="when"
          label="When (which records the rule applies to; optional)"
          value={form.when}
          onChange={(when) => update({ when })}
          problems={problems.get('when')}
          tables={tables}
          placeholder="amount > 75"
          hint="Type a column name for suggestions (Ctrl+Space to ask)."
        />
        <fieldset className="mode-switch">
          <legend>The rule says</legend>
          <label className="rules-inline">
            <input type="radio" name="rule-mode" checked={form.mode === 'require'} onChange={() => update({ mode: 'require' })} data-testid="mode-require" /> what must hold (require)
          </label>
          <label className="rules-inline">
            <input type="radio" name="rule-mode" checked={form.mode === 'violation'} onChange={() => update({ mode: 'violation' })} data-testid="mode-violation" /> what is wrong (violation)
          </label>
        </fieldset>
        {form.mode === 'require' ? (
          <ExpressionField name="require" label="Require (what must hold for them)" value={form.require} onChange={(v) => update({ require: v })} problems={problems.get('require')} tables={tables} placeholder="receipt = TRUE" />
        ) : (
          <ExpressionField name="violation" label="Violation (records for which this is true violate)" value={form.violation} onChange={(v) => update({ violation: v })} problems={problems.get('violation')} tables={tables} placeholder="unit_price <> list_price" />
        )}
        <label>
          Group by (one violation per group; aggregates allowed)
          <input value={form.groupBy} onChange={(e) => update({ groupBy: e.target.value })} placeholder="customer_id, day" aria-invalid={invalid('groupBy')} data-testid="field-group-by" />
          <FieldProblems id="field-groupBy-problems" problems={problems.get('groupBy')} />
        </label>
        <div className="editor-actions">
          <button type="button" className="button" onClick={() => void runPreview()} disabled={preview.phase === 'running'} data-testid="preview-button">
            Preview
          </button>
          <span className="spacer" />
          {!isNew && (
            <label className="save-reason">
              Reason for the change
              <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. threshold raised by policy v2" data-testid="field-reason" />
            </label>
          )}
          <button type="button" className="button" onClick={() => void save(false)} disabled={saving || blocking || check.checking} data-testid="save-button">
            {saving ? 'Saving…' : 'Save'}
          </button>
          <button type="button" className="button primary" onClick={() => void save(true)} disabled={saving || blocking || check.checking} data-testid="save-activate-button">
            Save and activate
          </button>
        </div>
        {saveError && (
          <div data-testid="save-error">
            <ErrorBanner error={saveError} />
          </div>
        )}
      </section>
      <section className="card" aria-label="Preview" data-testid="preview-panel">
        <h2 className="card-title">Preview</h2>
        <PreviewPanel
          state={preview}
          onCancel={() => {
            // The core has no preview cancel: the answer is simply dropped when it arrives.
            previewRun.current++;
            setPreview({ phase: 'idle' });
          }}
        />
      </section>
    </div>
  );
}
