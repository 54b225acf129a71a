import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, SHOP_RULES, tempDir } from '../../../../test-support/cli-harness.js';

/** The shop of cli-harness.ts as extracts: three CSV files and a workbook with one sheet. */
async function writeShopExtract(dir: string): Promise<void> {
  writeFileSync(join(dir, 'orders.csv'), 'id,customer_id,shipped_at,required_at,total\n1,5,2024-03-01,2024-03-05,100\n2,5,2024-03-09,2024-03-01,250.5\n3,6,,2024-03-10,80\n4,7,2024-04-02,2024-04-01,4000\n5,7,2024-04-01,2024-04-01,3000\n');
  writeFileSync(join(dir, 'products.csv'), 'id;name;unit_price\n10;pen;1.5\n11;desk;200\n');
  writeFileSync(join(dir, 'order_lines.csv'), 'order_id\tproduct_id\tunit_price\n1\t10\t1.5\n2\t11\t180\n2\t10\t1.5\n');
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('purchases').addRows([
    ['id', 'customer_id', 'day', 'value'],
    [1, 7, new Date(Date.UTC(2024, 4, 1)), 3000],
    [2, 7, new Date(Date.UTC(2024, 4, 1)), 2500],
    [3, 8, new Date(Date.UTC(2024, 4, 1)), 6000],
    [4, 9, new Date(Date.UTC(2024, 4, 2)), 100],
  ]);
  await workbook.xlsx.writeFile(join(dir, 'ledger.xlsx'));
}

describe('the command line on a folder of extracts', () => {
  const tmp = tempDir('cli-files');
  const ws = join(tmp.dir, 'audit.psw');
  const w = ['--workspace', ws];
  afterAll(() => tmp.remove());

  it('adds the folder, shows its schema, imports the shop rules and finds the same violations as on SQLite', async () => {
    const extract = join(tmp.dir, 'extract');
    mkdirSync(extract);
    await writeShopExtract(extract);
    expect((await cli(['init', ws])).code).toBe(0);
    const added = await cli(['connection', 'add', 'shop', '--files', extract, '--types', 'ledger_purchases.customer_id=number', ...w, '--json']);
    expect(added.stderr).toBe('');
    expect(added.json<{ connection: { engine: string; reachable: boolean } }>().connection).toMatchObject({ engine: 'files', reachable: true });

    const schema = await cli(['connection', 'schema', 'shop', ...w, '--json']);
    const tables = schema.json<{ tables: Array<{ name: string; columns: Array<{ name: string; type: string }> }> }>().tables;
    expect(tables.map((t) => t.name)).toEqual(['ledger_purchases', 'order_lines', 'orders', 'products']);
    expect(tables.find((t) => t.name === 'orders')!.columns.find((c) => c.name === 'shipped_at')!.type).toBe('date');

    const rules = join(tmp.dir, 'rules.yaml');
    writeFileSync(rules, SHOP_RULES.replace('table: purchases', 'table: ledger_purchases'));
    const imported = await cli(['rules', 'import', rules, '--activate', ...w, '--json']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);

    const scan = await cli(['scan', ...w, '--json']);
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(0);
    const result = scan.json<{ run: { status: string; violationsOpen: number }; rules: Array<{ id: string; violationsOpen: number; recordsScanned: number }> }>();
    expect(result.run.status).toBe('completed');
    const byId = Object.fromEntries(result.rules.map((r) => [r.id, r]));
    expect(byId['late-shipments']).toMatchObject({ recordsScanned: 5, violationsOpen: 2 });
    expect(byId['list-price']).toMatchObject({ violationsOpen: 1 });
    expect(byId['split-purchases']).toMatchObject({ violationsOpen: 1 });
    expect(result.run.violationsOpen).toBe(4);
  });

  it('refuses a malformed --types flag with what to write', async () => {
    const result = await cli(['connection', 'add', 'bad', '--files', tmp.dir, '--types', 'orders.total', ...w, '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toContain('table.column=type');
  });
});
