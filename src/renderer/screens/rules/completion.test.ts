import { describe, expect, it } from 'vitest';
import { applyCompletion, completionsFor, moveActive, tokenAt, type CompletionTable } from './completion.js';

const tables: CompletionTable[] = [
  {
    name: 'expenses',
    base: true,
    columns: [
      { name: 'amount', type: 'number' },
      { name: 'approved_by', type: 'text' },
      { name: 'receipt', type: 'boolean' },
      { name: 'Cost Center', type: 'text' },
    ],
  },
  {
    name: 'employees',
    base: false,
    columns: [
      { name: 'id', type: 'number' },
      { name: 'active', type: 'boolean' },
    ],
  },
];

describe('tokenAt', () => {
  it('finds the identifier ending at the caret', () => {
    expect(tokenAt('amount > 75 AND rec', 19)).toEqual({ start: 16, end: 19, prefix: 'rec' });
  });
  it('keeps a table qualifier in the prefix', () => {
    expect(tokenAt('employees.ac', 12)).toEqual({ start: 0, end: 12, prefix: 'employees.ac' });
  });
  it('offers nothing inside a string literal or a number', () => {
    expect(tokenAt("category = 'tra", 15)).toBeNull();
    expect(tokenAt('amount > 7', 10)).toBeNull();
  });
  it('offers nothing after a space unless asked explicitly', () => {
    expect(tokenAt('amount > ', 9)).toBeNull();
    expect(tokenAt('amount > ', 9, true)).toEqual({ start: 9, end: 9, prefix: '' });
  });
  it('leaves an identifier being edited in the middle alone', () => {
    expect(tokenAt('amount', 3)).toBeNull();
  });
});

describe('completionsFor', () => {
  it('offers base columns bare, matching case-insensitively', () => {
    expect(completionsFor('A', tables).map((c) => c.insert)).toEqual(['amount', 'approved_by', 'employees.active']);
  });
  it('offers joined columns qualified, by table or column prefix', () => {
    expect(completionsFor('emp', tables).map((c) => c.insert)).toEqual(['employees.id', 'employees.active']);
    expect(completionsFor('employees.a', tables)).toEqual([{ insert: 'employees.active', detail: 'boolean' }]);
  });
  it('quotes names that are not plain identifiers', () => {
    expect(completionsFor('cost', tables).map((c) => c.insert)).toEqual(['"Cost Center"']);
  });
  it('offers nothing for a finished column or a keyword', () => {
    expect(completionsFor('receipt', tables)).toEqual([]);
    expect(completionsFor('and', tables)).toEqual([]);
  });
  it('respects the limit', () => {
    expect(completionsFor('', tables, 2)).toHaveLength(2);
  });
});

describe('applyCompletion', () => {
  it('replaces the typed prefix and puts the caret after the insert', () => {
    const text = 'amount > 75 AND rec';
    const token = tokenAt(text, text.length)!;
    expect(applyCompletion(text, token, 'receipt')).toEqual({ text: 'amount > 75 AND receipt', caret: 23 });
  });
  it('keeps what follows the caret', () => {
    const text = 'am > 5';
    expect(applyCompletion(text, { start: 0, end: 2, prefix: 'am' }, 'amount')).toEqual({ text: 'amount > 5', caret: 6 });
  });
});

describe('moveActive', () => {
  it('wraps in both directions', () => {
    expect(moveActive(2, 1, 3)).toBe(0);
    expect(moveActive(0, -1, 3)).toBe(2);
    expect(moveActive(-1, 1, 0)).toBe(-1);
  });
});
