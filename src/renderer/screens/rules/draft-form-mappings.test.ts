import { describe, expect, it } from 'vitest';
import type { RuleDraft } from '../../../shared/api/rules.js';
import { draftFromForm, formFromDraft } from './draft-form.js';

describe('the rule form and further mappings', () => {
  it('keeps a rule’s mappings through an edit of its other fields', () => {
    const draft: RuleDraft = {
      id: 'approval',
      title: 'Large expenses are approved',
      severity: 'high',
      connection: 'north',
      table: 'expenses',
      require: 'approved_by IS NOT NULL',
      mappings: [{ connection: 'south', table: 'expenses', key: ['id'] }],
    };
    const form = { ...formFromDraft(draft), title: 'Approved large expenses' };
    expect(draftFromForm(form)).toEqual({ ...draft, title: 'Approved large expenses' });
    const { mappings: _none, ...plain } = draft;
    expect(draftFromForm(formFromDraft(plain)).mappings).toBeUndefined();
  });
});
