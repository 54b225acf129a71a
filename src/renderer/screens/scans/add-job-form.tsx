import { useState, type FormEvent } from 'react';
import type { JobView } from '../../../shared/api/jobs.js';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { ErrorBanner } from '../../ui/states.js';
import { fieldAria, FormField } from './form-field.js';
import { RuleSelectionFields } from './rule-selection-fields.js';
import { ScheduleKindFields } from './schedule-kind-fields.js';
import { emptyScheduleForm, validateScheduleForm, type ScheduleFormState } from './schedule-form.js';

/** Adds a monitoring job. Checked here first; the core checks again and its refusal shows above the buttons. */
export function AddJobForm({ taken, onAdded, onCancel }: { taken: string[]; onAdded(job: JobView): void; onCancel(): void }) {
  const [form, setForm] = useState<ScheduleFormState>(emptyScheduleForm);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Error | null>(null);
  const policies = useApiQuery(() => getApi().listPolicies({}), [], ['policies']);
  const rules = useApiQuery(() => getApi().listRules({}), [], ['rules']);

  const check = validateScheduleForm(form, taken);
  // Errors appear once the user tries to add, then follow the typing.
  const errors = submitted && !check.ok ? check.errors : {};

  const edit = <K extends keyof ScheduleFormState>(key: K, value: ScheduleFormState[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setRefusal(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!check.ok || busy) return;
    setBusy(true);
    setRefusal(null);
    try {
      onAdded(await getApi().addJob({ job: check.job }));
    } catch (err) {
      setRefusal(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form add-job" data-testid="add-job-form" onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !busy) onCancel();
      }}
      noValidate
    >
      <h3>New schedule</h3>
      <div className="form-row">
        <FormField id="job-name" label="Name" error={errors.name} hint="How the history and the command line refer to it, e.g. nightly-expenses.">
          <input id="job-name" data-testid="job-name" value={form.name} onChange={(e) => edit('name', e.target.value)} autoComplete="off" {...fieldAria('job-name', errors.name)} />
        </FormField>
        <FormField id="job-attempts" label="Attempts per run" error={errors.maxAttempts} hint="A run that fails is retried until this many attempts; 1 means no retry.">
          <input id="job-attempts" data-testid="job-attempts" inputMode="numeric" value={form.maxAttempts} onChange={(e) => edit('maxAttempts', e.target.value)} {...fieldAria('job-attempts', errors.maxAttempts)} />
        </FormField>
      </div>
      <ScheduleKindFields form={form} errors={errors} edit={edit} />
      <RuleSelectionFields form={form} errors={errors} edit={edit} policies={policies} rules={rules} />
      <div className="schedule-field">
        <label className="checkbox-label">
          <input type="checkbox" data-testid="job-incremental" checked={form.incremental} onChange={(e) => edit('incremental', e.target.checked)} aria-describedby="job-incremental-hint" />
          Incremental: scan only records added or changed since the last run
        </label>
        <div className="field-hint muted" id="job-incremental-hint">
          Faster on big tables. A fixed record is only seen as resolved by a full scan, so the job still runs one daily (at 02:00 UTC).
        </div>
      </div>
      {refusal && (
        <div data-testid="job-add-error">
          <ErrorBanner error={refusal} />
        </div>
      )}
      <div className="row">
        <button type="submit" className="button primary" disabled={busy} data-testid="job-add">
          {busy ? 'Adding…' : 'Add schedule'}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        {submitted && !check.ok && <span className="field-error">Fix the marked fields first.</span>}
      </div>
    </form>
  );
}
