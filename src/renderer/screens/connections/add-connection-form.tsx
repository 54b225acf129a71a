import { useState, type ReactNode } from 'react';
import type { ConnectionSummary, ConnectionTestResult } from '../../../shared/api/connections.js';
import { ApiError } from '../../../shared/api-client.js';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { formatDuration } from '../../ui/format.js';
import { ErrorBanner } from '../../ui/states.js';
import { checkConnectionForm, checkSource, emptyConnectionForm, errorField, visibleErrors, type ConnectionFormState } from './connection-form.js';
import { ENGINE_FORMS, ENGINES, type InputEngine } from './engine-fields.js';
import { pathFieldHint, pickerButtons } from './file-picking.js';
import { PathPicker } from './path-picker.js';

type TestState = { kind: 'idle' } | { kind: 'running' } | { kind: 'ok'; result: ConnectionTestResult } | { kind: 'failed'; error: Error };

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** Add a source: fields driven by the engine's description, checked as the user types, testable before it is stored. */
export function AddConnectionForm({ taken, onAdded, onCancel }: { taken: string[]; onAdded(c: ConnectionSummary): void; onCancel?: () => void }) {
  const [form, setForm] = useState<ConnectionFormState>(emptyConnectionForm());
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [test, setTest] = useState<TestState>({ kind: 'idle' });
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<Error | null>(null);
  // Whether this window can open a file dialog (the desktop app) or paths are typed (the browser).
  const host = useApiQuery(() => getApi().hostInfo({}), []);

  const check = checkConnectionForm(form, taken);
  const shown = visibleErrors(check.errors, touched, submitted);
  // A refusal that names a field is shown beside it; anything else above the buttons.
  const coreField = addError instanceof ApiError ? errorField(addError.details) : null;
  const spec = ENGINE_FORMS[form.engine];

  const edit = (key: string, value: string) => {
    setForm((f) => (key === 'name' ? { ...f, name: value } : { ...f, values: { ...f.values, [key]: value } }));
    setTouched((t) => new Set(t).add(key));
    setTest({ kind: 'idle' });
    setAddError(null);
  };

  const setEngine = (engine: InputEngine) => {
    setForm((f) => ({ ...f, engine, values: {} }));
    // The new engine's fields start empty: they should not open in red for what was typed in the old ones.
    setTouched((t) => (t.has('name') ? new Set(['name']) : new Set()));
    setTest({ kind: 'idle' });
    setAddError(null);
  };

  const runTest = async () => {
    const source = checkSource(form);
    if (!source.input) {
      setSubmitted(true);
      return;
    }
    setTest({ kind: 'running' });
    try {
      setTest({ kind: 'ok', result: await getApi().testConnection({ input: source.input }) });
    } catch (e) {
      setTest({ kind: 'failed', error: asError(e) });
    }
  };

  const add = async () => {
    setSubmitted(true);
    if (!check.input) return;
    setAdding(true);
    setAddError(null);
    try {
      const added = await getApi().addConnection({ name: form.name, input: check.input });
      setForm(emptyConnectionForm(form.engine));
      setTouched(new Set());
      setSubmitted(false);
      setTest({ kind: 'idle' });
      onAdded(added);
    } catch (e) {
      setAddError(asError(e));
    } finally {
      setAdding(false);
    }
  };

  const fieldError = (key: string): string | undefined => shown[key] ?? (coreField === key && addError ? addError.message : undefined);

  return (
    <form
      className="form card add-connection"
      data-testid="add-connection-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <h2>Add a connection</h2>
      <div className="form-row">
        <Field id="conn-name" label="Name" error={fieldError('name')} hint="How rules refer to this source, e.g. erp or shop.">
          <input id="conn-name" value={form.name} placeholder="shop" autoComplete="off" onChange={(e) => edit('name', e.target.value)} {...invalid('conn-name', fieldError('name'))} data-testid="conn-name" />
        </Field>
        <Field id="conn-engine" label="Engine">
          <select id="conn-engine" value={form.engine} onChange={(e) => setEngine(e.target.value as InputEngine)} data-testid="conn-engine">
            {ENGINES.map((engine) => (
              <option key={engine} value={engine}>
                {ENGINE_FORMS[engine].label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="form-row">
        {spec.fields.map((field) => {
          const id = `conn-${field.key}`;
          const error = fieldError(field.key);
          const buttons = pickerButtons(field, host.data);
          const input = (
            <input
              id={id}
              value={form.values[field.key] ?? ''}
              placeholder={field.placeholder}
              inputMode={field.inputMode}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => edit(field.key, e.target.value)}
              {...invalid(id, error)}
              data-testid={id}
            />
          );
          return (
            <Field key={`${form.engine}-${field.key}`} id={id} label={field.required ? field.label : `${field.label} (optional)`} error={error} hint={pathFieldHint(field, host.data)}>
              {buttons.length === 0 ? (
                input
              ) : (
                <div className="path-input">
                  {input}
                  <PathPicker buttons={buttons} onChosen={(path) => edit(field.key, path)} />
                </div>
              )}
            </Field>
          );
        })}
      </div>
      <TestOutcome state={test} />
      {addError && !coreField && <ErrorBanner error={addError} />}
      <div className="row">
        <button type="button" className="button" onClick={() => void runTest()} disabled={test.kind === 'running'} data-testid="conn-test">
          {test.kind === 'running' ? 'Testing…' : 'Test'}
        </button>
        <button type="submit" className="button primary" disabled={adding} data-testid="conn-add">
          {adding ? 'Adding…' : 'Add'}
        </button>
        {onCancel && (
          <button type="button" className="button ghost" onClick={onCancel}>
            Cancel
          </button>
        )}
        <span className="muted">The source is opened once before it is stored, so a typo never becomes a connection every scan fails on.</span>
      </div>
    </form>
  );
}

function invalid(id: string, error: string | undefined) {
  return error ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : { 'aria-describedby': `${id}-hint` };
}

function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div className="connection-field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <div className="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
          {error}
        </div>
      ) : (
        hint && (
          <div className="field-hint muted" id={`${id}-hint`}>
            {hint}
          </div>
        )
      )}
    </div>
  );
}

function TestOutcome({ state }: { state: TestState }) {
  switch (state.kind) {
    case 'idle':
    case 'running':
      return null;
    case 'ok':
      return (
        <div className="ok-banner" role="status" data-testid="conn-test-result">
          Reached it: {state.result.tables} table{state.result.tables === 1 ? '' : 's'} found in {formatDuration(state.result.latencyMs)}.
        </div>
      );
    case 'failed':
      return (
        <div data-testid="conn-test-error">
          <ErrorBanner error={state.error} />
        </div>
      );
    default: {
      const unhandled: never = state;
      throw new Error(`Unknown test state ${JSON.stringify(unhandled)}`);
    }
  }
}
