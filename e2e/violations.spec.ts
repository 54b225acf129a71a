import Database from 'better-sqlite3';
import { expect, screenshot, test } from './fixtures.js';
import { AuditPage } from './pages/audit-page.js';
import { ViolationsPage } from './pages/violations-page.js';

test('filter violations by rule and severity, dismiss one with a reason, and find it in the audit trail', async ({ app, page }) => {
  const violations = new ViolationsPage(page);
  await violations.open(app);
  const all = await violations.total();
  expect(all).toBeGreaterThan(0);

  await violations.filterByRule('vendor-tax-id');
  const byRule = await violations.total();
  expect(byRule).toBeGreaterThan(0);
  expect(byRule).toBeLessThan(all);
  await expect(violations.rows.first()).toContainText('Approved vendors have a valid tax id');

  // The rule is medium: filtering on another severity empties the list, on its own keeps it whole.
  await violations.filterBySeverity('critical');
  expect(await violations.total()).toBe(0);
  await expect(page.getByText('Nothing matches this filter')).toBeVisible();
  await violations.filterBySeverity('medium');
  expect(await violations.total()).toBe(byRule);
  await expect(page).toHaveURL(/rule=vendor-tax-id/);
  await expect(page).toHaveURL(/severity=medium/);

  // Keyboard: ↓ moves the selection, Enter opens it.
  await violations.grid.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const secondId = Number(await violations.rows.nth(1).getAttribute('data-id'));
  await expect(page.locator(`[data-testid="violation-detail"][aria-label="Violation ${secondId}"][data-ready="true"]`)).toBeVisible();

  const id = await violations.openRow(0);
  expect(await violations.detailStatus()).toBe('open');
  await expect(violations.detail.getByTestId('detail-justification')).toContainText('tax_id');
  await expect(violations.detail.getByTestId('detail-rule-link')).toHaveAttribute('href', '#/rules/vendor-tax-id');

  // A dismissal without a reason is refused in the dialog, which stays open.
  await violations.dismiss('');
  await expect(page.getByRole('dialog').getByRole('alert')).toContainText('reason');
  await page.getByRole('dialog').getByTestId('reason-input').fill('Tax id checked by phone, ticket 4711');
  await page.getByRole('dialog').getByTestId('reason-confirm').click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(violations.detail.getByTestId('detail-status')).toContainText(/dismissed/i);
  await expect(violations.detail.getByTestId('detail-history')).toContainText('Tax id checked by phone, ticket 4711');
  await expect(violations.detail.getByTestId('review-reopen')).toBeVisible();
  await expect(page.locator(`[data-testid="violation-row"][data-id="${id}"]`)).toContainText(/dismissed/i);
  await screenshot(page, 'violations-dismissed');

  const audit = new AuditPage(page);
  await audit.open(app);
  await audit.filterByAction('violation.dismissed');
  const entry = audit.entry('violation.dismissed').first();
  await expect(entry).toContainText(String(id));
  const details = await audit.expand(entry);
  expect(details).toMatchObject({ ruleId: 'vendor-tax-id', reason: 'Tax id checked by phone, ticket 4711', from: 'open', to: 'dismissed' });
  const verdict = await audit.verifyChain();
  await expect(verdict).toHaveAttribute('data-ok', 'true');
  await screenshot(page, 'audit-dismissed-entry');
});

test('bulk review confirms every violation matching the filter and says how many changed', async ({ app, page }) => {
  const violations = new ViolationsPage(page);
  await violations.open(app, 'rule=vendor-tax-id&status=open');
  const matching = await violations.total();
  expect(matching).toBeGreaterThan(0);
  await page.getByTestId('bulk-review').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('bulk-count')).toHaveText(matching.toLocaleString('en-US'));
  await dialog.getByTestId('bulk-action').selectOption('confirm');
  await dialog.getByTestId('bulk-confirm').click();
  await expect(page.getByTestId('bulk-result')).toContainText(`${matching.toLocaleString('en-US')} violation`);
  // Confirmed ones no longer match status=open.
  await expect(page.getByText('Nothing matches this filter')).toBeVisible();
  await screenshot(page, 'violations-bulk-confirmed');
});

test('a long bulk review shows its progress and stops when asked, keeping what it did', async ({ app, page }) => {
  test.setTimeout(180_000);
  // Many more violations of one rule than a batch, written beside the running host as a scan would.
  // Enough that the review is still running when Stop is clicked: it confirms ~190,000 a second
  // here, and the progress check, the screenshot and the click take over a second (with 150,000,
  // the review once finished first).
  const count = 600_000;
  const db = new Database(app.workspacePath);
  db.pragma('busy_timeout = 5000');
  const insert = db.prepare(
    `INSERT INTO violations (rule_id, record_key, connection, target_table, severity, status, snapshot, justification, first_seen_run, first_seen_at, status_changed_at)
     VALUES ('vendor-tax-id', ?, 'demo', 'vendors', 'high', 'open', '{}', 'generated for this test', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(JSON.stringify([`bulk-${i}`]));
  })();
  db.close();

  const violations = new ViolationsPage(page);
  await violations.open(app, 'rule=vendor-tax-id&status=open');
  const matching = await violations.total();
  expect(matching).toBeGreaterThan(count);
  await page.getByTestId('bulk-review').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('bulk-action').selectOption('confirm');
  await dialog.getByTestId('bulk-confirm').click();
  // Progress arrives batch by batch; Stop ends it between two batches.
  await expect(dialog.getByTestId('bulk-progress-text')).toContainText(/^[1-9][\d,]* of up to/, { timeout: 30_000 });
  await screenshot(page, 'violations-bulk-progress');
  await dialog.getByTestId('bulk-stop').click();
  const result = page.getByTestId('bulk-result');
  await expect(result).toContainText(/^Stopped: [\d,]+ violations confirmed; the others were left as they were\./, { timeout: 60_000 });
  const confirmed = Number(/Stopped: ([\d,]+)/.exec((await result.textContent()) ?? '')![1]!.replaceAll(',', ''));
  expect(confirmed).toBeGreaterThan(0);
  expect(confirmed).toBeLessThan(matching);
  // Exactly those left the open filter; the rest are still open.
  await expect.poll(() => violations.total(), { timeout: 30_000 }).toBe(matching - confirmed);
  const audit = new AuditPage(page);
  await audit.open(app);
  await expect(page.getByText('violation.bulk-reviewed').first()).toBeVisible();
});
