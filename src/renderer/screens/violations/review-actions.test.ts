import { describe, expect, it } from 'vitest';
import { allowedActions, bulkSummary, reasonProblem } from './review-actions.js';

describe('review actions', () => {
  it('offers only the moves the status allows', () => {
    expect(allowedActions('open')).toEqual(['confirm', 'dismiss', 'resolve']);
    expect(allowedActions('confirmed')).toEqual(['dismiss', 'resolve']);
    expect(allowedActions('dismissed')).toEqual(['reopen']);
    expect(allowedActions('resolved')).toEqual(['reopen']);
  });
  it('requires a reason to dismiss, and only then', () => {
    expect(reasonProblem('dismiss', '   ')).toMatch(/why/);
    expect(reasonProblem('dismiss', 'approved exception')).toBeNull();
    expect(reasonProblem('confirm', '')).toBeNull();
  });
  it('says how many changed and how many were skipped', () => {
    expect(bulkSummary('dismiss', { updated: 1200, skipped: 0 })).toBe('1,200 violations dismissed.');
    expect(bulkSummary('confirm', { updated: 1, skipped: 3 })).toBe('1 violation confirmed; 3 skipped (their status does not allow it).');
    expect(bulkSummary('confirm', { updated: 2000, skipped: 0, cancelled: true })).toBe('Stopped: 2,000 violations confirmed; the others were left as they were.');
  });
});
