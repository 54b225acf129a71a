import { expect, screenshot, test } from './fixtures.js';
import { RulesPage } from './pages/rules-page.js';

test('write a rule: a syntax error is shown under its field, fixed, previewed and saved', async ({ app, page }) => {
  const rules = new RulesPage(page);
  await rules.openList(app);
  await expect(rules.row('receipt-over-75')).toBeVisible();
  await page.getByTestId('new-rule').click();
  await expect(page.locator('[data-testid="new-rule-page"][data-ready="true"]')).toBeVisible();

  await page.getByTestId('field-title').fill('Large expenses are approved');
  await expect(page.getByTestId('field-id')).toHaveValue('large-expenses-are-approved');
  await page.getByTestId('field-connection').selectOption('demo');
  await page.getByTestId('field-table').selectOption('expenses');

  // A syntax error first: shown under the field, with the bad token underlined.
  await rules.expression('when').pressSequentially('amount > AND');
  await rules.waitChecked();
  await expect(rules.problemsOf('when')).toContainText('AND');
  await expect(rules.markerOf('when')).toHaveText('AND');
  await expect(rules.expression('when')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('save-button')).toBeDisabled();
  await screenshot(page, 'rules-syntax-error');

  await rules.replaceExpression('when', 'amount > 500');
  // Column completion from the schema: type a prefix, take the suggestion with Enter.
  await rules.expression('require').pressSequentially('approv');
  await expect(rules.completions('require').getByRole('option', { name: /approved_by/ })).toBeVisible();
  await expect(rules.expression('require')).toHaveAttribute('aria-activedescendant', /.+/);
  await rules.expression('require').press('Enter');
  await expect(rules.expression('require')).toHaveValue('approved_by');
  await rules.expression('require').pressSequentially(' IS NOT NULL');
  await rules.waitChecked();
  await expect(rules.problemsOf('when')).toHaveCount(0);
  await expect(rules.checkStatus).toContainText('No problems');

  const counts = await rules.preview();
  expect(counts.inScope).toBeGreaterThan(0);
  expect(counts.violating).toBeLessThanOrEqual(counts.inScope);
  await expect(page.getByTestId('preview-in-scope')).not.toHaveText('0');
  await screenshot(page, 'rules-preview');

  await page.getByTestId('save-button').click();
  await rules.waitForRulePage('large-expenses-are-approved');
  await expect(page.getByTestId('rule-page')).toContainText('Large expenses are approved');
  await expect(page.getByTestId('version-1')).toBeVisible();
  await expect(rules.expression('when')).toHaveValue('amount > 500');

  // Saved as a draft: it is in the list, and can be activated from there.
  await rules.openList(app);
  const row = rules.row('large-expenses-are-approved');
  await expect(row).toContainText('draft');
  await row.getByTestId('rule-toggle-large-expenses-are-approved').click();
  await expect(row).toContainText('active');
  await screenshot(page, 'rules-list');
});
