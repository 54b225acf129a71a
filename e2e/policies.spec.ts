import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { longPolicyParagraphs, writePolicyPdf } from '../test-support/pdf-fixtures.js';
import { expect, screenshot, test } from './fixtures.js';
import { PoliciesPage } from './pages/policies-page.js';

/** A policy the demo has not seen: two expense clauses the demo schema can map, then pages of prose. */
async function expensePolicy(): Promise<Buffer> {
  const first = [
    'Expense Handling Standard',
    'Expense reports must be submitted within 30 days of the expense.',
    'Expenses over $75 require a receipt.',
  ];
  const rest = Array.from({ length: 6 }, (_, i) => longPolicyParagraphs(i + 2));
  return writePolicyPdf([first, ...rest], { title: 'Expense Handling Standard', footer: 'Page {page} of {pages}' });
}

test('import a policy PDF, watch progress, accept a candidate and find it among the rules', async ({ app, page }) => {
  const policies = new PoliciesPage(page);
  await policies.open(app);
  const before = await policies.rows.count();
  await policies.watchProgress();

  await policies.choosePdf({ name: 'expense-standard.pdf', mimeType: 'application/pdf', buffer: await expensePolicy() });
  // The new policy opens by itself once the import is done.
  await expect(page).toHaveURL(/#\/policies\/[^/?]+/, { timeout: 60_000 });
  await policies.waitPolicyReady();
  const labels = await policies.progressLabels();
  // The core reported its pages as it went (the file has 7).
  expect(labels.some((l) => / page \d of 7 · /.test(l)), labels.join(' | ')).toBe(true);
  await expect(page.getByTestId('import-outcome')).toContainText('expense-standard.pdf imported');
  await expect(page.locator('.page-header h1')).toHaveText('Expense Handling Standard');

  // The first candidate is selected and its quote is marked on its page.
  await expect(policies.review).toBeVisible();
  await expect(page.getByTestId('quote-mark')).toBeVisible();
  const mapped = page.locator('[data-testid="candidate-item"][data-status="pending"]', { hasText: 'within 30 days' });
  await mapped.click();
  await expect(policies.review).toContainText('Expense reports must be submitted within 30 days');
  await expect(page.getByTestId('candidate-draft')).toBeVisible();
  await expect(page.getByTestId('quote-mark')).toHaveText(/Expense reports must be submitted\s+within 30 days of the expense\./);
  await screenshot(page, 'policies-review');

  // Page navigation keeps the selection and says where the quote is.
  await page.getByTestId('page-next').click();
  await expect(page.getByTestId('page-text')).toHaveAttribute('data-page', '2');
  await expect(page.getByTestId('page-text')).toContainText('Invoices must be paid within 32 days');
  await page.getByRole('button', { name: /Back to the quote/ }).click();
  await expect(page.getByTestId('page-text')).toHaveAttribute('data-page', '1');

  const reviewed = await policies.review.getAttribute('data-candidate-id');
  await page.getByTestId('accept-activate').click();
  await expect(policies.candidate(reviewed!)).toHaveAttribute('data-status', 'accepted');
  await page.getByTestId('candidate-filter-accepted').click();
  await policies.candidate(reviewed!).click();
  const link = page.getByTestId('candidate-rule-link');
  await expect(link).toBeVisible();
  const ruleId = (await link.getAttribute('href'))!.replace(/^#\/rules\//, '');
  expect(ruleId).not.toBe('');
  await screenshot(page, 'policies-accepted');

  await page.goto(`${app.url}#/rules`);
  await expect(page.locator('section[data-screen="rules"][data-ready="true"]')).toBeVisible();
  await expect(page.getByText(decodeURIComponent(ruleId)).first()).toBeVisible();
  await screenshot(page, 'policies-rule-in-rules');

  await policies.open(app);
  await expect(policies.rows).toHaveCount(before + 1);
  await expect(page.locator('[data-testid="policy-row"][data-filename="expense-standard.pdf"]')).toContainText('1');
});

test('a non-PDF is refused in the browser and a re-import says "already imported"', async ({ app, page }) => {
  const policies = new PoliciesPage(page);
  await policies.open(app);

  await policies.choosePdf({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a pdf') });
  await expect(page.getByTestId('pdf-refusal')).toContainText('notes.txt is not a PDF');
  // Named like a PDF, but it is not one.
  await policies.choosePdf({ name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('PK\u0003\u0004 a zip') });
  await expect(page.getByTestId('import-error')).toContainText('not one');

  await policies.choosePdf({ name: 'again.pdf', mimeType: 'application/pdf', buffer: readFileSync(join(process.cwd(), 'resources', 'demo-policy.pdf')) });
  await expect(page.getByTestId('import-outcome')).toHaveAttribute('data-already', 'true');
  await expect(page.getByTestId('import-outcome')).toContainText('already imported');
  await expect(page).toHaveURL(/#\/policies$/);
  await screenshot(page, 'policies-already-imported');
});
