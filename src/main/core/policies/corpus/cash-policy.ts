import type { CorpusDocument } from './corpus-types.js';

export const cashPolicy: CorpusDocument = {
  name: 'Cash handling policy',
  pages: [
    [
      'Cash Handling and Petty Cash Procedures.',
      'These procedures apply to every location that receives or disburses cash. "Petty cash" means a small fund of currency kept on site for minor purchases.',
      'Cash receipts must be deposited within 2 business days.',
      'Cash payments over $10,000 must be reported to the compliance officer.',
      'Petty cash disbursements shall not exceed $200 per transaction.',
      'The petty cash fund must be reconciled at least monthly by someone other than the custodian.',
      'Employees must never use petty cash for personal loans.',
    ],
    [
      'Two employees must be present when the safe is opened.',
      'Refunds in cash of $500 or more require a supervisor\'s approval.',
      'Locations may keep a change fund of up to $300.',
      'Cash discrepancies greater than 5% of the daily takings must be investigated.',
      'Structuring cash transactions to avoid reporting thresholds is prohibited.',
      'Any theft or fraud will be reported to law enforcement.',
    ],
  ],
  expected: [
    { quoteIncludes: 'deposited within 2 business days', op: '<=', value: 2 },
    { quoteIncludes: 'Cash payments over $10,000', op: '>', value: 10000 },
    { quoteIncludes: 'shall not exceed $200', op: '<=', value: 200 },
    { quoteIncludes: 'reconciled at least monthly' },
    { quoteIncludes: 'never use petty cash' },
    { quoteIncludes: 'Two employees must be present' },
    { quoteIncludes: '$500 or more require', op: '>=', value: 500 },
    { quoteIncludes: 'greater than 5%', op: '>', value: 5 },
    { quoteIncludes: 'Structuring cash transactions' },
  ],
};
