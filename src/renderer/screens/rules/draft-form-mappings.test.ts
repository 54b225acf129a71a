import { describe, expect, it } from 'vitest';
import type { RuleDraft, RuleProblem } from '../../../shared/api/rules.js';
import { draftFromForm, emptyForm, formFromDraft, problemsByField, shownFields } from './draft-form.js';
import { emptyMapping, updateMapping } from './mapping-form.js';

const draft: RuleDraft = {
  id: 'approval',
  title: 'Large expenses are approved',
  severity: 'high',
  connection: 'north',
  table: 'expenses',
  require: 'approved_by IS NOT NULL',
  mappings: [{ connection: 'south', table: 'expenses', key: ['id'] }],
};

describe('the rule form and further mappings', () => {
  it('keeps a rule’s mappings through an edit of its other fields', () => {
    const form = { ...formFromDraft(draft), title: 'Approved large expenses' };
    expect(draftFromForm(form)).toEqual({ ...draft, title: 'Approved large expenses' });
    const { mappings: _none, ...plain } = draft;
    expect(draftFromForm(formFromDraft(plain)).mappings).toBeUndefined();
  });

  it('sends places added and edited in the form, and none once all are removed', () => {
    const base = { ...emptyForm('north'), id: 'r', title: 'R', table: 'expenses', require: 'amount > 0' };
    const added = { ...base, mappings: [emptyMapping()] };
    expect(draftFromForm(added).mappings).toEqual([{ connection: '' }]);
    const filled = { ...added, mappings: updateMapping(updateMapping(added.mappings, 0, { connection: 'files' }), 0, { table: 'expenses_2023', key: 'expense_id' }) };
    expect(draftFromForm(filled).mappings).toEqual([{ connection: 'files', table: 'expenses_2023', key: ['expense_id'] }]);
    expect(draftFromForm({ ...filled, mappings: [] }).mappings).toBeUndefined();
  });

  it('shows each place’s problems under it, and a clash between places above the list', () => {
    const form = formFromDraft({ ...draft, mappings: [...draft.mappings!, { connection: 'east', table: 'expenses' }] });
    const problems: RuleProblem[] = [
      { field: 'mappings.1', message: 'Mapping #2 (east.expenses): column approved_by does not exist' },
      { field: 'mappings', message: 'Two places are the same table.' },
      { field: 'mappings.5', message: 'A place the form does not show.' },
    ];
    const placed = problemsByField(problems, shownFields(form, false));
    expect(placed.get('mappings.1')?.[0]?.message).toMatch(/east\.expenses/);
    expect(placed.get('mappings')?.[0]?.message).toMatch(/same table/);
    expect(placed.get('general')?.map((p) => p.message)).toEqual(['A place the form does not show.']);
    // Without further places nothing is shown on them: their problems go to the general list.
    expect(shownFields(emptyForm(), true).has('mappings')).toBe(false);
  });
});
