import type { CorpusDocument } from './corpus-types.js';

export const expensePolicy: CorpusDocument = {
  name: 'Travel and expense policy',
  pages: [
    [
      'Travel and Expense Reimbursement Policy. Version 4.2, effective January 1, 2025.',
      'This policy applies to all employees, contractors and interns of the Company. Its purpose is to ensure that business expenses are reasonable, documented and approved.',
      'For the purposes of this policy, "business expense" means any cost incurred on behalf of the Company, e.g. airfare, lodging or client meals. A "receipt" means an itemized proof of payment issued by the vendor.',
    ],
    [
      'Employees may claim reasonable meal expenses while traveling. Employees may be reimbursed for mileage at the IRS rate (currently $0.67 per mile) when using a personal vehicle.',
      'Expenses over $75 require an itemized receipt.',
      'All expense reports must be approved by the employee\'s direct manager before payment.',
      'Expense reports must be submitted within 30 days of the date the expense was incurred.',
      'Single expenses of $5,000.00 or more must be approved by the CFO.',
      'Daily meal expenses must not exceed $90 per person.',
      'Alcohol is not reimbursable under any circumstances.',
      'Hotel stays should not exceed $250 per night in standard U.S. cities.',
      'Employees should book travel at least 14 days in advance where possible.',
    ],
    [
      'Managers are encouraged to review team spending quarterly.',
      'Gifts to government officials are prohibited.',
      'Personal expenses shall never be charged to the Company.',
      'Violations of this policy will result in disciplinary action, up to and including termination.',
      'Questions about this policy may be directed to the Finance department (Sec. 3.2 lists contacts).',
    ],
  ],
  expected: [
    { quoteIncludes: 'Expenses over $75 require', op: '>', value: 75 },
    { quoteIncludes: 'must be approved by the employee' },
    { quoteIncludes: 'submitted within 30 days', op: '<=', value: 30 },
    { quoteIncludes: '$5,000.00 or more', op: '>=', value: 5000 },
    { quoteIncludes: 'must not exceed $90', op: '<=', value: 90 },
    { quoteIncludes: 'Alcohol is not reimbursable' },
    { quoteIncludes: 'should not exceed $250', op: '<=', value: 250 },
    { quoteIncludes: 'Gifts to government officials' },
    { quoteIncludes: 'Personal expenses shall never' },
  ],
};
