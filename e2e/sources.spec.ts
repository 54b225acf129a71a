import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, screenshot, test } from './fixtures.js';
import { ConnectionsPage } from './pages/connections-page.js';
import { RulesPage } from './pages/rules-page.js';
import { ScansPage } from './pages/scans-page.js';
import { ViolationsPage } from './pages/violations-page.js';
import { e2eRoot } from './paths.js';

/**
 * Two places with the same kind of records: this year's expenses as a CSV extract (a folder, so the
 * file is a table) and a subsidiary's SQLite database. Over 500 without an approver violates:
 * ids 1 and 4 in the extract, 12 in the database.
 */
function makeSources(dir: string): { extracts: string; south: string } {
  const extracts = join(dir, 'extracts');
  mkdirSync(extracts);
  writeFileSync(join(extracts, 'expenses.csv'), 'id,employee,amount,approved_by\n1,Ada,720.5,\n2,Bob,30,\n3,Cy,900,Dee\n4,Eve,600,\n');
  const south = join(dir, 'south.sqlite');
  const db = new Database(south);
  db.exec(`
    CREATE TABLE expenses (id INTEGER PRIMARY KEY, employee TEXT, amount REAL, approved_by TEXT);
    CREATE TABLE staff (id INTEGER PRIMARY KEY, name TEXT);
    INSERT INTO expenses VALUES (11, 'Fay', 800, 'Gus'), (12, 'Hal', 1500, NULL), (13, 'Ivy', 20, NULL);
    INSERT INTO staff VALUES (1, 'Fay');
  `);
  db.close();
  return { extracts, south };
}

test('one rule on a CSV extract and a SQLite database: violations say where each record lives', async ({ app, page }) => {
  const dir = mkdtempSync(join(e2eRoot(), 'sources-'));
  try {
    const { extracts, south } = makeSources(dir);
    const connections = new ConnectionsPage(page);
    await connections.open(app);

    // The browser version cannot open a file dialog: the path is typed, and the form says so.
    await connections.fillFiles('extracts', extracts);
    await expect(page.locator('#conn-path-hint')).toContainText('Type the full path of the file or folder on this machine');
    await expect(page.getByTestId('conn-path-choose')).toHaveCount(0);
    const tested = await connections.test();
    expect(tested).toEqual({ ok: true, text: expect.stringContaining('1 table found') });
    await connections.add();
    await expect(page.getByTestId('conn-notice')).toContainText('Connection extracts added');
    await expect(connections.row('extracts')).toContainText('extracts');

    await connections.openSchema('extracts');
    await expect(page.getByTestId('schema-table')).toHaveCount(1);
    await expect(page.getByTestId('schema-table-title')).toHaveText('expenses');
    await expect(connections.column('amount')).toBeVisible();
    await expect(connections.column('approved_by')).toBeVisible();

    await connections.open(app);
    await connections.fillSqlite('south', south);
    await connections.add();
    await expect(page.getByTestId('conn-notice')).toContainText('Connection south added');

    // The rule on the extract, also checked on the subsidiary's table.
    const rules = new RulesPage(page);
    await rules.openNew(app);
    await page.getByTestId('field-title').fill('Large expenses are approved everywhere');
    await page.getByTestId('field-connection').selectOption('extracts');
    await page.getByTestId('field-table').selectOption('expenses');
    await page.getByTestId('field-key').fill('id');
    await rules.expression('when').pressSequentially('amount > 500');
    await rules.expression('require').pressSequentially('approved_by IS NOT NULL');
    await rules.waitChecked();
    await expect(rules.checkStatus).toContainText('No problems');

    // A place whose table lacks the rule's columns: the problem shows under that place.
    const place = await rules.mapping(0);
    await place.getByTestId('mapping-0-connection').selectOption('south');
    await expect(place.locator('[data-testid="mapping-0-table"] option[value="staff"]')).toHaveCount(1);
    await place.getByTestId('mapping-0-table').selectOption('staff');
    await rules.waitChecked();
    await expect(page.getByTestId('field-mappings-0-problems')).toContainText('south.staff');
    await expect(page.getByTestId('save-activate-button')).toBeDisabled();
    await place.getByTestId('mapping-0-table').selectOption('expenses');
    await rules.waitChecked();
    await expect(page.getByTestId('field-mappings-0-problems')).toHaveCount(0);
    await expect(rules.checkStatus).toContainText('No problems');
    await expect(place.getByTestId('mapping-0-key')).toHaveAttribute('placeholder', 'id');

    const preview = await rules.preview();
    expect(preview.inScope).toBeGreaterThan(0);
    await page.getByTestId('save-activate-button').click();
    await rules.waitForRulePage('large-expenses-are-approved-everywhere');
    await expect(page.getByTestId('mapping-0-table')).toHaveValue('expenses');

    const scans = new ScansPage(page);
    await scans.open(app);
    await scans.startScan();
    await scans.waitFinished();
    const runId = await scans.runId();

    // The run says how many records each place gave.
    await scans.open(app, `scans/${runId}`);
    const places = page.locator('[data-testid="run-place-row"][data-rule="large-expenses-are-approved-everywhere"]');
    await expect(places).toHaveCount(2);
    await expect(places.nth(0)).toHaveAttribute('data-connection', 'extracts');
    await expect(places.nth(0)).toContainText('extracts.expenses');
    await expect(places.nth(1)).toHaveAttribute('data-connection', 'south');

    const violations = new ViolationsPage(page);
    await violations.open(app, 'rule=large-expenses-are-approved-everywhere');
    await violations.waitReady('ruleId=large-expenses-are-approved-everywhere');
    expect(await violations.total()).toBe(3);
    await expect(violations.rows.and(page.locator('[data-connection="extracts"]'))).toHaveCount(2);
    await expect(violations.rows.and(page.locator('[data-connection="south"]'))).toHaveCount(1);
    await expect(violations.rows.filter({ hasText: 'south.expenses' })).toHaveCount(1);
    await screenshot(page, 'sources-mapped');

    // The connection filter narrows to the records of one place.
    await page.getByTestId('filter-connection').selectOption('south');
    await violations.waitReady('connection=south');
    expect(await violations.total()).toBe(1);
    await expect(violations.rows).toHaveCount(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
