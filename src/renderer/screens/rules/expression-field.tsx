import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { RuleProblem } from '../../../shared/api/rules.js';
import { applyCompletion, completionsFor, moveActive, tokenAt, type CompletionItem, type CompletionTable, type CompletionToken } from './completion.js';
import { FieldProblems } from './field-problems.js';
import { markText } from './problem-marker.js';

interface Props {
  /** Used for the element ids and `data-testid`s (`expr-when`, `expr-when-problems`). */
  name: string;
  label: string;
  value: string;
  onChange(value: string): void;
  problems: RuleProblem[] | undefined;
  tables: CompletionTable[];
  placeholder?: string;
  rows?: number;
  hint?: string;
}

interface Popup {
  token: CompletionToken;
  items: CompletionItem[];
  active: number;
}

/**
 * A monospace field for a rule-language expression: the bad part of the first placed problem is
 * underlined in a layer drawn behind the text, and columns are completed from the schema in a
 * listbox (↑/↓ to move, Enter or Tab to take, Escape to close, Ctrl+Space to ask).
 */
export function ExpressionField({ name, label, value, onChange, problems, tables, placeholder, rows = 2, hint }: Props) {
  const uid = useId();
  const inputId = `expr-${name}-${uid}`;
  const listId = `${inputId}-list`;
  const problemsId = `expr-${name}-problems`;
  const textarea = useRef<HTMLTextAreaElement>(null);
  const mirror = useRef<HTMLDivElement>(null);
  const pendingCaret = useRef<number | null>(null);
  const [popup, setPopup] = useState<Popup | null>(null);

  useLayoutEffect(() => {
    if (pendingCaret.current === null || !textarea.current) return;
    textarea.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });

  const suggest = (text: string, caret: number, explicit: boolean): void => {
    const token = tokenAt(text, caret, explicit);
    const items = token ? completionsFor(token.prefix, tables) : [];
    setPopup(token && items.length > 0 ? { token, items, active: 0 } : null);
  };

  const accept = (item: CompletionItem): void => {
    if (!popup) return;
    const next = applyCompletion(value, popup.token, item.insert);
    pendingCaret.current = next.caret;
    onChange(next.text);
    setPopup(null);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (e.key === ' ' && e.ctrlKey) {
      e.preventDefault();
      suggest(value, e.currentTarget.selectionStart, true);
      return;
    }
    if (!popup) return;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        e.preventDefault();
        setPopup({ ...popup, active: moveActive(popup.active, e.key === 'ArrowDown' ? 1 : -1, popup.items.length) });
        break;
      case 'Enter':
      case 'Tab': {
        const item = popup.items[popup.active];
        if (item) {
          e.preventDefault();
          accept(item);
        }
        break;
      }
      case 'Escape':
        // Closing the list must not also close whatever holds the editor.
        e.preventDefault();
        e.stopPropagation();
        setPopup(null);
        break;
      default:
        break;
    }
  };

  const placed = problems?.find((p) => p.column !== undefined);
  const marked = placed ? markText(value, placed.column!, placed.length) : null;
  const invalid = (problems?.length ?? 0) > 0;
  const activeId = popup ? `${listId}-${popup.active}` : undefined;

  return (
    <div className="expr-field">
      <label htmlFor={inputId}>{label}</label>
      <div className="expr-box">
        <div className="expr-mirror" ref={mirror} aria-hidden="true">
          {marked ? (
            <>
              {marked.before}
              <span className="expr-bad" data-testid={`expr-${name}-marker`}>
                {marked.bad}
              </span>
              {marked.after}
            </>
          ) : (
            value
          )}
          {'\n'}
        </div>
        <textarea
          ref={textarea}
          id={inputId}
          className="expr-input"
          data-testid={`expr-${name}`}
          value={value}
          rows={rows}
          spellCheck={false}
          autoComplete="off"
          placeholder={placeholder}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={popup !== null}
          aria-controls={listId}
          aria-activedescendant={activeId}
          aria-invalid={invalid}
          aria-describedby={invalid ? problemsId : undefined}
          onChange={(e) => {
            onChange(e.target.value);
            suggest(e.target.value, e.target.selectionStart, false);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setPopup(null)}
          onScroll={(e) => {
            if (mirror.current) mirror.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
        <ul className="expr-completions" id={listId} role="listbox" aria-label={`Columns for ${label}`} hidden={popup === null} data-testid={`expr-${name}-completions`}>
          {popup?.items.map((item, i) => (
            <li
              key={item.insert}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === popup.active}
              className={i === popup.active ? 'active' : undefined}
              // Keep focus in the field: a click must not blur it before the choice is taken.
              onMouseDown={(e) => {
                e.preventDefault();
                accept(item);
              }}
            >
              <span className="mono">{item.insert}</span>
              <span className="muted">{item.detail}</span>
            </li>
          ))}
        </ul>
      </div>
      {hint && !invalid && <div className="field-hint">{hint}</div>}
      <FieldProblems id={problemsId} problems={problems} text={value} />
    </div>
  );
}
