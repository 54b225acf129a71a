import { describe, expect, it } from 'vitest';
import { classifySentence, modalityOf, severityOf } from './classify.js';

describe('classifySentence', () => {
  it.each([
    'Expenses over $75 require an itemized receipt.',
    'All expense reports must be approved by the manager.',
    'Invoices shall be paid within 30 days.',
    'Employees may not approve their own expenses.',
    'Split purchases are prohibited.',
    'Daily meals must not exceed $90.',
    'Alcohol is not reimbursable.',
    'Reports are due no later than 10 days after month end.',
    'No more than 5 failed login attempts shall be allowed.',
    'Only approved vendors may be paid.',
    'No employee may approve a payment to a related vendor.',
    'Invoices are to be paid within 45 days.',
    'Vendor changes have to be verified by a second person.',
    'Purchase orders above $50,000 need three bids.',
  ])('keeps the rule: %s', (s) => expect(classifySentence(s)).toBe('rule'));

  it.each([
    ['Employees may claim reasonable meal expenses.', 'permission'],
    ['Employees may be reimbursed for mileage.', 'permission'],
    ['Locations may keep a change fund of up to $300.', 'permission'],
    ['"Business expense" means any cost incurred for the Company.', 'definition'],
    ['For the purposes of this policy, a record is any document that must be kept.', 'definition'],
    ['Violations of this policy will result in disciplinary action.', 'sanction'],
    ['Failure to comply may result in termination of employment.', 'sanction'],
    ['Employees must comply with this policy.', 'none'],
    ['Managers are encouraged to review spending quarterly.', 'none'],
  ])('skips %s as %s', (s, kind) => expect(classifySentence(s)).toBe(kind));
});

describe('severityOf', () => {
  it('grades by wording, with cash and fraud words critical', () => {
    expect(severityOf('Gifts are prohibited.', modalityOf('Gifts are prohibited.')!)).toBe('high');
    expect(severityOf('You must never share passwords.', 'prohibition')).toBe('high');
    expect(severityOf('Reports must be approved.', modalityOf('Reports must be approved.')!)).toBe('medium');
    expect(severityOf('Hotels should not exceed $250.', 'prohibition')).toBe('low');
    expect(severityOf('Travel should be booked early.', modalityOf('Travel should be booked early.')!)).toBe('low');
    expect(severityOf('Cash receipts must be deposited within 2 days.', 'obligation')).toBe('critical');
    expect(severityOf('Suspected fraud must be reported.', 'obligation')).toBe('critical');
  });
});
