import type { CorpusDocument } from './corpus-types.js';

export const retentionPolicy: CorpusDocument = {
  name: 'Records retention policy',
  pages: [
    [
      'Records Retention and Disposal Policy.',
      'This policy sets out how long the Company keeps business records. For the purposes of this policy, a record is any document, e-mail or database entry created in the course of business.',
      'Personal data means any information relating to an identified or identifiable natural person.',
      'Financial records must be retained for at least 7 years.',
      'Customer records older than 10 years must be deleted.',
      'Personal data of former employees shall be destroyed no later than 2 years after termination.',
      'Backup tapes should be rotated at least every 30 days.',
    ],
    [
      'Records subject to a legal hold must not be destroyed.',
      'Departments may keep convenience copies for up to 90 days.',
      'Each department shall designate a records coordinator.',
      'The records coordinator must review the retention schedule at least once per year.',
      'Destruction of records must be documented in the disposal log.',
      'Failure to comply with this policy may result in disciplinary action and legal penalties.',
    ],
  ],
  expected: [
    { quoteIncludes: 'retained for at least 7 years', op: '>=', value: 7 },
    { quoteIncludes: 'older than 10 years', op: '>', value: 10 },
    { quoteIncludes: 'no later than 2 years', op: '<=', value: 2 },
    { quoteIncludes: 'Backup tapes', op: '<=', value: 30 },
    { quoteIncludes: 'legal hold must not be destroyed' },
    { quoteIncludes: 'designate a records coordinator' },
    { quoteIncludes: 'review the retention schedule' },
    { quoteIncludes: 'must be documented in the disposal log' },
  ],
};
