import { describe, expect, it } from 'vitest';
import type { RuleDraft } from '../../../shared/api/rules.js';
import { draftFromForm, emptyForm, formFromDraft, problemsByField, shownFields, splitList, suggestId } from './draft-form.js';

const draft: RuleDraft = {
  id: 'list-price',
  title: 'List price',
  severity: 'high',
  connection: 'demo',
  table: 'order_lines',
  key: ['order_id', 'product_id'],
  join: [{ table: 'products', on: 'products.id = order_lines.product_id', type: 'inner' }],
  violation: 'order_lines.unit_price <> products.unit_price',
};

describe('draft form', () => {
  it('round-trips a draft through the form', () => {
    const form = formFromDraft(draft);
    expect(form.mode).toBe('violation');
    expect(form.key).toBe('order_id, product_id');
    expect(draftFromForm(form)).toEqual(draft);
  });

  it('leaves blank fields out and sends only the chosen form', () => {
    const form = { ...emptyForm('demo'), id: ' r1 ', title: 'T', table: 'expenses', require: 'receipt = TRUE', violation: 'amount > 5', key: ' , ' };
    expect(draftFromForm(form)).toEqual({ id: 'r1', title: 'T', severity: 'medium', connection: 'demo', table: 'expenses', require: 'receipt = TRUE' });
    expect(draftFromForm({ ...form, mode: 'violation' })).toEqual({ id: 'r1', title: 'T', severity: 'medium', connection: 'demo', table: 'expenses', violation: 'amount > 5' });
  });

  it('splits lists on commas', () => {
    expect(splitList(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
  });

  it('puts problems under fields that are shown, the rest in general', () => {
    const form = { ...emptyForm(), joins: [{ table: 'p', on: 'x', type: 'inner' as const }] };
    const grouped = problemsByField(
      [
        { field: 'when', message: 'bad when', column: 3, length: 2 },
        { field: 'join.0.on', message: 'bad on' },
        { field: 'violation', message: 'not shown in require mode' },
        { field: null, message: 'general' },
        { field: 'id', message: 'id of an existing rule' },
      ],
      shownFields(form, false),
    );
    expect(grouped.get('when')?.map((p) => p.message)).toEqual(['bad when']);
    expect(grouped.get('join.0.on')?.map((p) => p.message)).toEqual(['bad on']);
    expect(grouped.get('general')?.map((p) => p.message)).toEqual(['not shown in require mode', 'general', 'id of an existing rule']);
  });

  it('suggests an id from a title', () => {
    expect(suggestId('Expenses over $75 need a receipt!')).toBe('expenses-over-75-need-a-receipt');
  });
});
