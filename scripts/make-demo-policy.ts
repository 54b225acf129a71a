/**
 * Writes resources/demo-policy.pdf, the sample policy of the demo workspace. Run it again only when
 * the demo policy's text changes: `npx tsx scripts/make-demo-policy.ts`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writePolicyPdf } from '../test-support/pdf-fixtures.js';

const pages: string[][] = [
  [
    'Travel and Expense Policy',
    'This policy applies to all employees and contractors who spend company money. Its purpose is to make sure that every expense is necessary, documented and approved.',
    'Expenses over $75 require a receipt. Employees may claim meals and lodging during business travel.',
    'Expense reports must be submitted within 30 days of the expense.',
    'No employee may approve their own expense report.',
  ],
  [
    'Vendors and Access',
    'For the purposes of this policy, a vendor is any company that receives payment from us.',
    'Approved vendors must have a valid tax identification number on file.',
    'Accounts inactive for 90 days must be disabled.',
    'Violations of this policy will result in disciplinary action.',
  ],
];

const out = fileURLToPath(new URL('../resources/demo-policy.pdf', import.meta.url));
writeFileSync(out, await writePolicyPdf(pages, { title: 'Travel and Expense Policy', footer: 'Page {page} of {pages}' }));
process.stdout.write(`wrote ${out}\n`);
