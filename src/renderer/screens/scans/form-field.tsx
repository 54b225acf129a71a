import type { ReactNode } from 'react';

/** The ARIA wiring of an input: its error when there is one, else its hint. */
export function fieldAria(id: string, error: string | undefined): { 'aria-invalid'?: true; 'aria-describedby': string } {
  return error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : { 'aria-describedby': `${id}-hint` };
}

/** A labelled field with its error (or hint) under it. */
export function FormField({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="schedule-field">
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
