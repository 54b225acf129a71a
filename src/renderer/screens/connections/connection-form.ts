import type { ConnectionInput } from '../../../shared/api/connections.js';
import { ENGINE_FORMS, type InputEngine } from './engine-fields.js';

/** What the add form holds: the name, the engine and each engine field as typed. */
export interface ConnectionFormState {
  name: string;
  engine: InputEngine;
  values: Record<string, string>;
}

export interface ConnectionFormCheck {
  /** Field key (`name` or an engine field) → what is wrong. */
  errors: Record<string, string>;
  /** The input to send, when nothing is wrong. */
  input: ConnectionInput | null;
}

/** The core's rule: 1 to 100 characters without leading or trailing spaces. */
const NAME_PATTERN = /^\S(?:.{0,98}\S)?$/u;

export function emptyConnectionForm(engine: InputEngine = 'sqlite'): ConnectionFormState {
  return { name: '', engine, values: {} };
}

export function validateName(name: string, taken: readonly string[] = []): string | null {
  if (name.trim() === '') return 'Give the connection a name, e.g. erp or shop.';
  if (!NAME_PATTERN.test(name)) return 'Use 1 to 100 characters without leading or trailing spaces.';
  if (taken.includes(name)) return `A connection named "${name}" already exists; choose another name.`;
  return null;
}

/** Checks the source fields only: enough to test a connection before it has a name. */
export function checkSource(form: ConnectionFormState): ConnectionFormCheck {
  const spec = ENGINE_FORMS[form.engine];
  const errors: Record<string, string> = {};
  for (const field of spec.fields) {
    const value = form.values[field.key] ?? '';
    if (!field.required && value.trim() === '') continue;
    const problem = field.validate(value);
    if (problem) errors[field.key] = problem;
  }
  return { errors, input: Object.keys(errors).length === 0 ? spec.toInput(form.values) : null };
}

/** Checks everything the add button needs. */
export function checkConnectionForm(form: ConnectionFormState, taken: readonly string[] = []): ConnectionFormCheck {
  const source = checkSource(form);
  const nameProblem = validateName(form.name, taken);
  if (!nameProblem) return source;
  return { errors: { name: nameProblem, ...source.errors }, input: null };
}

/**
 * Errors to show while the user types: a field shows its problem once touched (or after a submit
 * attempt), so an untouched form does not open in red.
 */
export function visibleErrors(errors: Record<string, string>, touched: ReadonlySet<string>, submitted: boolean): Record<string, string> {
  if (submitted) return errors;
  return Object.fromEntries(Object.entries(errors).filter(([key]) => touched.has(key)));
}

/** The field a core error points at (`details.field`), so its message is shown beside that input. */
export function errorField(details: Record<string, unknown> | undefined): string | null {
  const field = details?.field;
  return typeof field === 'string' ? field : null;
}
