import type { CorpusDocument } from './corpus-types.js';

export const pcardPolicy: CorpusDocument = {
  name: 'Purchasing card policy',
  pages: [
    [
      'Purchasing Card (P-Card) Program Guidelines.',
      'The purchasing card program provides a convenient way to buy low-value goods and services. A "cardholder" means an employee to whom a purchasing card has been issued.',
      'Cardholders may use the card for office supplies, subscriptions and registration fees.',
      'Each purchasing card transaction must not exceed $2,500.',
      'The monthly limit per cardholder shall not exceed $10,000.',
      'Purchasing card transactions must be reconciled no later than 10 days after the statement date.',
      'Split purchases made to avoid the single transaction limit are prohibited.',
      'Cash advances on a purchasing card are strictly prohibited.',
    ],
    [
      'Transactions over $1,000 require the approval of the budget holder.',
      'Every transaction must have a receipt or invoice attached.',
      'Cardholders must report a lost or stolen card to the bank immediately.',
      'Purchases from a single vendor of more than $25,000 per year must go through competitive bidding with at least 3 quotes.',
      'The program administrator may suspend a card at any time.',
      'Misuse of the card will result in revocation of card privileges and may lead to disciplinary action.',
    ],
  ],
  expected: [
    { quoteIncludes: 'must not exceed $2,500', op: '<=', value: 2500 },
    { quoteIncludes: 'shall not exceed $10,000', op: '<=', value: 10000 },
    { quoteIncludes: 'no later than 10 days', op: '<=', value: 10 },
    { quoteIncludes: 'Split purchases' },
    { quoteIncludes: 'Cash advances' },
    { quoteIncludes: 'Transactions over $1,000', op: '>', value: 1000 },
    { quoteIncludes: 'must have a receipt' },
    { quoteIncludes: 'report a lost or stolen card' },
    { quoteIncludes: 'more than $25,000', op: '>', value: 25000 },
  ],
};
