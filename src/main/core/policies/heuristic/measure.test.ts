import { describe, expect, it } from 'vitest';
import { extractMeasures } from './measure.js';

const first = (s: string) => {
  const m = extractMeasures(s)[0];
  return m ? { kind: m.kind, op: m.op, value: m.value } : undefined;
};

describe('extractMeasures', () => {
  it.each([
    ['Expenses over $75 require a receipt.', 'money', '>', 75],
    ['Single expenses of $5,000 or more need the CFO.', 'money', '>=', 5000],
    ['Items of $5,000.00 or more need the CFO.', 'money', '>=', 5000],
    ['At least 2 approvers must sign.', 'count', '>=', 2],
    ['Meals must not exceed $500 per day.', 'money', '<=', 500],
    ['Meals shall not exceed $90.', 'money', '<=', 90],
    ['Reports must be submitted within 30 days.', 'days', '<=', 30],
    ['Reports must be filed no later than 30 days after the trip.', 'days', '<=', 30],
    ['Records older than 7 years must be deleted.', 'years', '>', 7],
    ['Accounts inactive for 90 days must be disabled.', 'days', '>', 90],
    ['Cash deposited within 2 business days.', 'days', '<=', 2],
    ['Discrepancies greater than 5% must be investigated.', 'percent', '>', 5],
    ['Transactions over $1,000 need approval.', 'money', '>', 1000],
    ['No more than 5 failed attempts are allowed.', 'count', '<=', 5],
    ['Records must be retained for at least seven years.', 'years', '>=', 7],
    ['Access must be reviewed at least every 90 days.', 'days', '<=', 90],
    ['Payments under $50 need no receipt.', 'money', '<', 50],
    ['Refunds of $500 and above need approval.', 'money', '>=', 500],
    ['Reports are due within 2 weeks.', 'days', '<=', 14],
    ['Payment terms shorter than 30 days need approval.', 'days', '<', 30],
    ['Suppliers inactive for more than 24 months are closed.', 'years', '>', 2],
    ['Claims must be filed within 3 months.', 'days', '<=', 90],
  ])('%s', (sentence, kind, op, value) => {
    expect(first(sentence)).toEqual({ kind, op, value });
  });

  it('ignores numbers without a comparison', () => {
    expect(extractMeasures('Two employees must be present when the safe is opened.')).toEqual([]);
    expect(extractMeasures('Version 4.2, effective January 1, 2025.')).toEqual([]);
  });

  it('keeps the phrase verbatim and finds every measure in order', () => {
    const measures = extractMeasures('Purchases of more than $25,000 per year need at least 3 quotes.');
    expect(measures.map((m) => [m.phrase, m.op, m.value])).toEqual([
      ['more than $25,000', '>', 25000],
      ['at least 3', '>=', 3],
    ]);
  });
});
