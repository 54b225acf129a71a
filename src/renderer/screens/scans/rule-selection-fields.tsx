import type { PolicySummary } from '../../../shared/api/policies.js';
import type { RuleSummary } from '../../../shared/api/rules.js';
import { StatusBadge } from '../../ui/badges.js';
import { ErrorBanner, Loading } from '../../ui/states.js';
import { fieldAria, FormField } from './form-field.js';
import { SELECTION_KINDS, type ScheduleFormErrors, type ScheduleFormState, type SelectionKind } from './schedule-form.js';

type Edit = <K extends keyof ScheduleFormState>(key: K, value: ScheduleFormState[K]) => void;

export interface Choices<T> {
  data: T[] | null;
  error: Error | null;
  reload(): void;
}

/** Which rules the job scans; resolved at each run, so a rule activated later is picked up. */
export function RuleSelectionFields({
  form,
  errors,
  edit,
  policies,
  rules,
}: {
  form: ScheduleFormState;
  errors: ScheduleFormErrors;
  edit: Edit;
  policies: Choices<PolicySummary>;
  rules: Choices<RuleSummary>;
}) {
  const toggleRule = (id: string, on: boolean) => edit('ruleIds', on ? [...form.ruleIds, id] : form.ruleIds.filter((r) => r !== id));
  return (
    <>
      <div className="form-row">
        <FormField id="job-selection" label="Which rules" hint="Only active rules are scanned; the choice is re-read at every run.">
          <select id="job-selection" data-testid="job-selection" value={form.selectionKind} onChange={(e) => edit('selectionKind', e.target.value as SelectionKind)} aria-describedby="job-selection-hint">
            {SELECTION_KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </FormField>
        {form.selectionKind === 'policy' && (
          <FormField id="job-policy" label="Policy" error={errors.policyId ?? (policies.data?.length === 0 ? 'No policy is imported yet: import one on the Policies screen.' : undefined)}>
            <select id="job-policy" data-testid="job-policy" value={form.policyId} onChange={(e) => edit('policyId', e.target.value)} disabled={!policies.data} {...fieldAria('job-policy', errors.policyId)}>
              <option value="">{policies.data ? 'Choose a policy…' : 'Loading…'}</option>
              {policies.data?.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title ?? p.filename}
                </option>
              ))}
            </select>
          </FormField>
        )}
        {form.selectionKind === 'tag' && (
          <FormField id="job-tag" label="Tag" error={errors.tag} hint="Rules carry tags in their file, e.g. expenses.">
            <input id="job-tag" data-testid="job-tag" value={form.tag} onChange={(e) => edit('tag', e.target.value)} {...fieldAria('job-tag', errors.tag)} />
          </FormField>
        )}
      </div>
      {form.selectionKind === 'policy' && policies.error && <ErrorBanner error={policies.error} onRetry={policies.reload} />}
      {form.selectionKind === 'rules' && (
        <fieldset className="job-rule-choices" data-testid="job-rules" aria-describedby={errors.ruleIds ? 'job-rules-error' : undefined}>
          <legend>Rules to scan ({form.ruleIds.length} chosen)</legend>
          {rules.error && <ErrorBanner error={rules.error} onRetry={rules.reload} />}
          {!rules.data && !rules.error && <Loading label="Loading rules…" />}
          {rules.data?.length === 0 && <p className="muted">There are no rules yet: write one on the Rules screen or accept one from a policy.</p>}
          <ul>
            {rules.data?.map((r) => (
              <li key={r.id}>
                <label className="job-rule-choice">
                  <input type="checkbox" checked={form.ruleIds.includes(r.id)} onChange={(e) => toggleRule(r.id, e.target.checked)} data-testid="job-rule-choice" data-rule={r.id} />
                  <span className="job-rule-title">{r.title}</span>
                  <span className="mono muted">{r.id}</span>
                  <StatusBadge status={r.status} />
                </label>
              </li>
            ))}
          </ul>
          {errors.ruleIds && (
            <div className="field-error" id="job-rules-error" data-testid="job-rules-error">
              {errors.ruleIds}
            </div>
          )}
        </fieldset>
      )}
    </>
  );
}
