import type { CorpusDocument } from './corpus-types.js';

/**
 * Written after the extractor, in deliberately different wording ("have to", "are to be",
 * "needs", "only ... may"), and kept as written: it measures how the keyword rules generalise.
 */
export const procurementPolicy: CorpusDocument = {
  name: 'Procurement and accounts payable policy (held out)',
  pages: [
    [
      'Procurement and Accounts Payable Policy.',
      'This document describes how the Company selects suppliers and pays invoices. In this policy, "supplier" refers to any third party that provides goods or services against payment.',
      'Only approved vendors may be paid.',
      'Payments exceeding $10,000 require dual authorization.',
      'Invoices are to be paid within 45 days of receipt.',
      'Purchase orders above $50,000 need three competitive bids.',
      'Employees are required to disclose any financial interest in a supplier.',
      'No employee may approve a payment to a vendor in which they have a financial interest.',
    ],
    [
      'Vendor master data changes have to be verified by a second person.',
      'Checks of $5,000 or more must carry two signatures.',
      'Duplicate invoices must never be paid.',
      'The Company may negotiate early-payment discounts where available.',
      'Suppliers that have been inactive for more than 24 months should be deactivated in the vendor master.',
      'Payment terms shorter than 30 days need the approval of the treasurer.',
      'Any breach of these rules may lead to dismissal.',
      'Procurement staff are encouraged to attend annual ethics training.',
    ],
  ],
  expected: [
    { quoteIncludes: 'Only approved vendors may be paid' },
    { quoteIncludes: 'exceeding $10,000 require dual', op: '>', value: 10000 },
    { quoteIncludes: 'paid within 45 days', op: '<=', value: 45 },
    { quoteIncludes: 'above $50,000 need', op: '>', value: 50000 },
    { quoteIncludes: 'required to disclose' },
    { quoteIncludes: 'No employee may approve' },
    { quoteIncludes: 'have to be verified' },
    { quoteIncludes: '$5,000 or more must carry', op: '>=', value: 5000 },
    { quoteIncludes: 'Duplicate invoices must never' },
    { quoteIncludes: 'inactive for more than 24 months' },
    { quoteIncludes: 'shorter than 30 days', op: '<', value: 30 },
  ],
};
