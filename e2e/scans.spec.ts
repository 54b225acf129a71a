import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, screenshot, test } from './fixtures.js';
import { ConnectionsPage } from './pages/connections-page.js';
import { RulesPage } from './pages/rules-page.js';
import { ScansPage } from './pages/scans-page.js';
import { e2eRoot } from './paths.js';

/** A ledger big enough that its scan runs for seconds: half its lines lack a memo, so the scan also writes many violations. */
function makeLedger(dir: string, rows: number): string {
  const path = join(dir, 'ledger.sqlite');
  const db = new Database(path);
  db.exec(`
    CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL, memo TEXT);
    WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${rows})
    INSERT INTO ledger SELECT i, i % 1000, CASE WHEN i % 2 = 0 THEN NULL ELSE 'memo ' || i END FROM seq;
  `);
  db.close();
  return path;
}

test('run a scan and watch its progress to the finished summary and the new run in history', async ({ app, page }) => {
  const scans = new ScansPage(page);
  await scans.open(app);
  await expect(scans.panel).toHaveAttribute('data-state', 'idle');
  const before = await scans.runs.count();

  await scans.startScan();
  await scans.waitFinished();
  // The demo scan is fast, so the frames in between are not caught; the panel counts the progress
  // events it drew instead.
  expect(await scans.progressUpdates()).toBeGreaterThan(0);
  const runId = await scans.runId();
  await expect(page.getByTestId('scan-finished')).toContainText('completed');
  await expect(page.getByTestId('scan-finished')).toContainText(/[\d,]+ records/);
  await expect(page.getByTestId('scan-progress-text')).toHaveText(`Run ${runId} completed`);
  await expect(scans.panel.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');

  // The run is in the history, newest first, and its detail has the figures of each rule.
  await expect(scans.runs).toHaveCount(before + 1);
  await expect(scans.runs.first()).toContainText(`#${runId}`);
  await expect(scans.runs.first()).toContainText('completed');
  await scans.runLink(runId).click();
  await expect(scans.detail.getByRole('heading', { name: `Run #${runId}` })).toBeVisible();
  const ruleRows = scans.detail.locator('tbody tr');
  expect(await ruleRows.count()).toBeGreaterThan(1);
  await expect(ruleRows.first().locator('td.num').first()).not.toHaveText('0');
  await expect(scans.detail.getByTestId('run-rule-error')).toHaveCount(0);
  await screenshot(page, 'scans-history');
});

test('cancel a long scan: it ends cancelled and is kept in the history', async ({ app, page }) => {
  const dir = mkdtempSync(join(e2eRoot(), 'ledger-'));
  try {
    const ledger = makeLedger(dir, 600_000);
    const connections = new ConnectionsPage(page);
    await connections.open(app);
    await connections.fillSqlite('ledger', ledger);
    await connections.add();
    await expect(connections.row('ledger')).toBeVisible();

    const rules = new RulesPage(page);
    await rules.openNew(app);
    await page.getByTestId('field-title').fill('Ledger lines carry a memo');
    await page.getByTestId('field-connection').selectOption('ledger');
    await page.getByTestId('field-table').selectOption('ledger');
    await rules.expression('require').pressSequentially('memo IS NOT NULL');
    await rules.waitChecked();
    await expect(rules.checkStatus).toContainText('No problems');
    await page.getByTestId('save-activate-button').click();
    await rules.waitForRulePage('ledger-lines-carry-a-memo');

    const scans = new ScansPage(page);
    await scans.open(app);
    await scans.startScan();
    await expect(scans.panel).toHaveAttribute('data-state', 'running');
    // Progress moves: at least one event drawn, and the label names a rule rather than "starting".
    await expect.poll(() => scans.progressUpdates()).toBeGreaterThan(0);
    await expect(page.getByTestId('scan-progress-text')).toContainText(/Rule \d+ of \d+/);
    await screenshot(page, 'scans-progress');

    await page.getByTestId('scan-cancel').click();
    await scans.waitFinished();
    const runId = await scans.runId();
    await expect(page.getByTestId('scan-finished')).toContainText('cancelled');
    await expect(scans.runs.first()).toContainText(`#${runId}`);
    await expect(scans.runs.first()).toContainText('cancelled');
    // A new scan can start once the cancelled one has ended.
    await expect(page.getByTestId('scan-run')).toBeEnabled();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('add a schedule, see its next run, run it now and see the execution in its history', async ({ app, page }) => {
  const scans = new ScansPage(page);
  await scans.open(app);
  await expect(scans.schedules).toContainText('No schedules yet');

  const form = await scans.openJobForm();
  // Checked before anything is sent: every problem at once, beside its field.
  await page.getByTestId('job-add').click();
  await expect(page.getByTestId('job-name-error')).toContainText('Give the job a name');
  await page.getByTestId('job-name').fill('new-year');
  await page.getByTestId('job-schedule-kind').selectOption('cron');
  await page.getByTestId('job-cron').fill('* *');
  await expect(page.getByTestId('job-cron-error')).toContainText('five fields');
  // Five fields but not a cron the core accepts: its refusal is shown in the form.
  await page.getByTestId('job-cron').fill('61 * * * *');
  await page.getByTestId('job-add').click();
  await expect(page.getByTestId('job-add-error')).toContainText('not a valid cron expression');
  // Once a year at midnight UTC, so no scheduled run fires during the test.
  await page.getByTestId('job-cron').fill('0 0 1 1 *');
  await page.getByTestId('job-selection').selectOption('rules');
  await form.locator('[data-testid="job-rule-choice"][data-rule="receipt-over-75"]').check();
  await page.getByTestId('job-add').click();

  await expect(page.getByTestId('job-notice')).toContainText('Schedule new-year added');
  const job = scans.job('new-year');
  await expect(job).toContainText('cron "0 0 1 1 *" (UTC)');
  await expect(job).toContainText('receipt-over-75');
  await expect(job).toContainText('never run');
  await expect(job.getByTestId('job-next-run')).toHaveAttribute('title', /^\d{4}-01-01T00:00:00(\.000)?Z$/);

  const runsBefore = await scans.runs.count();
  await scans.runNow('new-year');
  const executions = await scans.history('new-year');
  const manual = executions.and(page.locator('[data-trigger="manual"]'));
  await expect(manual.and(page.locator('[data-status="completed"]'))).toHaveCount(1, { timeout: 60_000 });
  await expect(manual.first()).toContainText('run now');
  await expect(job).toHaveAttribute('data-status', 'completed');
  await expect(scans.runs).toHaveCount(runsBefore + 1);
  await screenshot(page, 'scans-schedules');

  await job.getByTestId('job-remove').click();
  await page.getByTestId('job-remove-confirm').click();
  await expect(page.getByTestId('job-notice')).toContainText('Schedule new-year removed');
  await expect(scans.jobs).toHaveCount(0);
  await expect(scans.schedules).toContainText('No schedules yet');
});
