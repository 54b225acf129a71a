import type { CorpusDocument } from './corpus-types.js';

export const accessPolicy: CorpusDocument = {
  name: 'Access control policy',
  pages: [
    [
      'Information Security: Access Control Standard.',
      'A "privileged account" means any account with administrative rights on a production system.',
      'User accounts inactive for 90 days must be disabled.',
      'Accounts of terminated employees must be disabled within 1 day of termination.',
      'Passwords must be at least 12 characters long.',
      'Privileged accounts shall require multi-factor authentication.',
      'Shared accounts are prohibited.',
      'Access rights must be reviewed at least every 90 days.',
    ],
    [
      'Users may request additional access through the service desk.',
      'Administrators should not use privileged accounts for e-mail or web browsing.',
      'No more than 5 failed login attempts shall be allowed before the account is locked.',
      'Generic accounts may be used for kiosks with the approval of the CISO.',
      'Violations of this standard will result in disciplinary action.',
    ],
  ],
  expected: [
    { quoteIncludes: 'inactive for 90 days', op: '>', value: 90 },
    { quoteIncludes: 'within 1 day of termination', op: '<=', value: 1 },
    { quoteIncludes: 'at least 12 characters', op: '>=', value: 12 },
    { quoteIncludes: 'multi-factor authentication' },
    { quoteIncludes: 'Shared accounts are prohibited' },
    { quoteIncludes: 'reviewed at least every 90 days', op: '<=', value: 90 },
    { quoteIncludes: 'should not use privileged accounts' },
    { quoteIncludes: 'No more than 5 failed', op: '<=', value: 5 },
  ],
};
