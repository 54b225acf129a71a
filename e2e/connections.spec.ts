import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, screenshot, test } from './fixtures.js';
import { ConnectionsPage } from './pages/connections-page.js';
import { e2eRoot } from './paths.js';

function makeShop(dir: string): string {
  const path = join(dir, 'shop.sqlite');
  const db = new Database(path);
  db.exec(`
    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, total NUMERIC(10,2), shipped_on DATE);
    CREATE TABLE order_lines (order_id INTEGER NOT NULL, line INTEGER NOT NULL, sku TEXT, PRIMARY KEY (order_id, line));
    INSERT INTO orders VALUES (1, 'Ada', 10.5, '2024-01-02'), (2, 'Bob', 99, NULL);
    INSERT INTO order_lines VALUES (1, 1, 'pen'), (1, 2, 'ink');
  `);
  db.close();
  return path;
}

test('add a SQLite connection, test it and browse its schema', async ({ app, page }) => {
  const dir = mkdtempSync(join(e2eRoot(), 'shop-'));
  try {
    const shop = makeShop(dir);
    const connections = new ConnectionsPage(page);
    await connections.open(app);
    const before = await connections.rows.count();

    // Checked while typing: a name with a trailing space is refused before anything is sent.
    await connections.fillSqlite('shop ', join(dir, 'missing.sqlite'));
    await expect(page.getByTestId('conn-name-error')).toContainText('leading or trailing spaces');
    // A file that does not exist: the test says why it failed.
    const failed = await connections.test();
    expect(failed.ok).toBe(false);
    expect(failed.text.length).toBeGreaterThan(10);

    await connections.fillSqlite('shop', shop);
    await expect(page.getByTestId('conn-name-error')).toHaveCount(0);
    const tested = await connections.test();
    expect(tested.ok).toBe(true);
    expect(tested.text).toContain('2 tables found');
    await screenshot(page, 'connections-add-tested');

    await connections.add();
    await expect(page.getByTestId('conn-notice')).toContainText('Connection shop added');
    await expect(connections.rows).toHaveCount(before + 1);
    await expect(connections.row('shop')).toContainText('SQLite');
    await expect(connections.row('shop')).toContainText('shop.sqlite');
    await screenshot(page, 'connections-list');

    await connections.openSchema('shop');
    await expect(page).toHaveURL(/#\/connections\/shop/);
    await expect(page.getByTestId('schema-table')).toHaveCount(2);
    await connections.tableButton('order_lines').click();
    await expect(page.getByTestId('schema-table-title')).toHaveText('order_lines');
    // The composite key, in key order, with positions.
    await expect(page.getByTestId('schema-column').first()).toHaveAttribute('data-column', 'order_id');
    await expect(connections.column('line')).toContainText('PK 2');
    await expect(connections.column('sku')).toContainText('yes');
    await page.getByTestId('schema-filter').fill('total');
    await expect(page.getByTestId('schema-table')).toHaveCount(1);
    await expect(page.getByTestId('schema-table-title')).toHaveText('orders');
    await expect(connections.column('total')).toContainText('NUMERIC(10,2)');
    await expect(connections.column('customer')).toContainText('not null');
    await screenshot(page, 'connections-schema');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('removing a connection that rules use is refused with the core message', async ({ app, page }) => {
  const connections = new ConnectionsPage(page);
  await connections.open(app);
  const name = await connections.rows.first().getAttribute('data-name');
  expect(name).toBeTruthy();
  await connections.row(name!).getByRole('button', { name: `Remove ${name}` }).click();
  await page.getByTestId('remove-confirm').click();
  await expect(page.getByRole('dialog').getByRole('alert')).toContainText('Deactivate or re-target those rules first');
  await screenshot(page, 'connections-remove-refused');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(connections.row(name!)).toBeVisible();
});
