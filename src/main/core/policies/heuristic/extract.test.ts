import { describe, expect, it } from 'vitest';
import type { PolicyPage } from '../../../../shared/policy.js';
import { extractHeuristicCandidates } from './extract.js';
import { extractSubject, extractRequirement } from './parts.js';

const page = (number: number, text: string, hasTextLayer = true): PolicyPage => ({ number, text, hasTextLayer });

describe('extractHeuristicCandidates', () => {
  const pages = [
    page(1, 'Expense Policy\n\nEmployees may claim meals. "Receipt" means a proof of payment. Expenses over $75 require a receipt.'),
    page(2, 'User accounts inactive for 90 days must be disabled. Violations will result in disciplinary action.'),
    page(3, '', false),
  ];
  const findings = extractHeuristicCandidates(pages);

  it('keeps only the rules, with verbatim quotes and their pages', () => {
    expect(findings.map((f) => [f.page, f.quote])).toEqual([
      [1, 'Expenses over $75 require a receipt.'],
      [2, 'User accounts inactive for 90 days must be disabled.'],
    ]);
    for (const f of findings) expect(pages[f.page - 1]!.text).toContain(f.quote);
  });

  it('gives the structured clause', () => {
    expect(findings[0]!.clause).toMatchObject({
      subject: 'expenses',
      measure: { kind: 'money', op: '>', value: 75 },
      requirement: 'receipt',
      condition: 'over $75',
    });
    expect(findings[1]!.clause).toMatchObject({
      subject: 'user accounts',
      measure: { kind: 'days', op: '>', value: 90 },
      requirement: 'disabled',
    });
  });

  it('says it is heuristic, with confidence in 0.3..0.7', () => {
    for (const f of findings) {
      expect(f.origin).toBe('heuristic');
      expect(f.confidence).toBeGreaterThanOrEqual(0.3);
      expect(f.confidence).toBeLessThanOrEqual(0.7);
      expect(f.description).toMatch(/heuristic/i);
      expect(f.severity).toBe('medium');
    }
  });

  it('is deterministic', () => {
    expect(extractHeuristicCandidates(pages)).toEqual(findings);
  });
});

describe('subject and requirement', () => {
  it.each([
    ['Each purchasing card transaction must not exceed $2,500.', 'purchasing card transaction'],
    ['Receipts are required for expenses over $75.', 'expenses'],
    ['If an expense exceeds $500, it must be approved.', 'expense'],
    ['All expense reports must be submitted within 30 days.', 'expense reports'],
  ])('%s → %s', (s, subject) => expect(extractSubject(s)).toBe(subject));

  it('reads the requirement after the subject', () => {
    expect(extractRequirement('Cash receipts must be deposited within 2 days.', 'cash receipts')).toBe('deposited');
    expect(extractRequirement('Transactions over $1,000 require the approval of the budget holder.', 'transactions')).toBe('approval');
    expect(extractRequirement('Each department shall designate a records coordinator.', 'department')).toBe('designate a records coordinator');
    expect(extractRequirement('Backup tapes should be rotated at least every 30 days.', 'backup tapes')).toBe('be rotated');
    expect(extractRequirement('Meals must not exceed $90.', 'meals')).toBeUndefined();
    expect(extractRequirement('Passwords must be at least 12 characters long.', 'passwords')).toBeUndefined();
    expect(extractRequirement('Expenses over $75 require a signed travel form.', 'expenses')).toBe('signed travel form');
  });
});
