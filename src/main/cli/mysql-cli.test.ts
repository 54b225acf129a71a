import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, SHOP_RULES, tempDir } from '../../../test-support/cli-harness.js';
import { createMysqlTestDatabase, hasMysql, type MysqlTestDatabase } from '../../../test-support/mysql-database.js';

interface ScanJson {
  run: { status: string; violationsNew: number; violationsOpen: number };
  rules: Array<{ id: string; status: string; recordsScanned: number; violationsOpen: number; error: { message: string } | null }>;
}

/** The shop of cli-harness.ts in MariaDB, plus vendor codes that only differ in case. */
const SHOP_SQL = [
  `CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL, shipped_at DATE, required_at DATE NOT NULL, total DECIMAL(10, 2) NOT NULL,
     vendor VARCHAR(10)) COLLATE utf8mb4_general_ci`,
  `INSERT INTO orders VALUES (1, 5, '2024-03-01', '2024-03-05', 100, 'ACME'), (2, 5, '2024-03-09', '2024-03-01', 250.5, 'acme'),
     (3, 6, NULL, '2024-03-10', 80, 'ACME '), (4, 7, '2024-04-02', '2024-04-01', 4000, 'ACME'), (5, 7, '2024-04-01', '2024-04-01', 3000, 'Acme')`,
  'CREATE TABLE products (id INT PRIMARY KEY, name TEXT NOT NULL, unit_price DOUBLE NOT NULL)',
  "INSERT INTO products VALUES (10, 'pen', 1.5), (11, 'desk', 200)",
  'CREATE TABLE order_lines (order_id INT NOT NULL, product_id INT NOT NULL, unit_price DOUBLE NOT NULL, PRIMARY KEY (order_id, product_id))',
  'INSERT INTO order_lines VALUES (1, 10, 1.5), (2, 11, 180), (2, 10, 1.5)',
  'CREATE TABLE purchases (id INT PRIMARY KEY, customer_id INT NOT NULL, day DATE NOT NULL, value DOUBLE NOT NULL)',
  "INSERT INTO purchases VALUES (1, 7, '2024-05-01', 3000), (2, 7, '2024-05-01', 2500), (3, 8, '2024-05-01', 6000), (4, 9, '2024-05-02', 100)",
];

const VENDOR_RULE = `
  - id: vendor-code
    title: Vendor codes are upper case
    severity: low
    target: { connection: shop, table: orders, key: [id] }
    require: vendor = 'ACME'
`;

describe.skipIf(!hasMysql())('the command line, end to end on a MariaDB source', () => {
  const tmp = tempDir('mysql-cli');
  const ws = join(tmp.dir, 'audit.psw');
  const w = ['--workspace', ws];
  let db: MysqlTestDatabase;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    db = await createMysqlTestDatabase();
    env = { SHOP_PW: db.password };
    const admin = await mysql.createConnection(db.adminUrl);
    for (const sql of SHOP_SQL) await admin.query(sql);
    await admin.end();
  });

  afterAll(async () => {
    await db?.drop();
    tmp.remove();
  });

  it('refuses a password in the URL and reports an unreachable server', async () => {
    expect((await cli(['init', ws])).code).toBe(0);
    const withPassword = new URL(db.url);
    withPassword.password = 'secret';
    const refused = await cli(['connection', 'add', 'bad', '--mysql', withPassword.toString(), ...w, '--json']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).not.toContain('secret');
    const gone = await cli(['connection', 'add', 'gone', '--mysql', 'mysql://auditor@127.0.0.1:9/shop', '--password-env', 'SHOP_PW', ...w, '--json'], env);
    expect(gone.json<{ connection: { reachable: boolean; error: string } }>().connection).toMatchObject({ reachable: false });
    expect(gone.json<{ connection: { error: string } }>().connection.error).toContain('Cannot reach MySQL/MariaDB at 127.0.0.1:9');
    expect((await cli(['connection', 'remove', 'gone', ...w], env)).code).toBe(0);
  });

  it('adds the connection with the password from the environment and shows its schema', async () => {
    const added = await cli(['connection', 'add', 'shop', '--mysql', db.url, '--password-env', 'SHOP_PW', ...w, '--json'], env);
    expect(added.json<{ connection: { engine: string; reachable: boolean; description: string } }>().connection).toMatchObject({
      engine: 'mysql',
      reachable: true,
      description: expect.stringContaining('(password from $SHOP_PW)'),
    });
    const schema = await cli(['connection', 'schema', 'shop', ...w, '--json'], env);
    const orders = schema.json<{ tables: Array<{ name: string; primaryKey: string[]; columns: Array<{ name: string; type: string }> }> }>().tables.find((t) => t.name === 'orders');
    expect(orders?.primaryKey).toEqual(['id']);
    expect(orders?.columns.find((c) => c.name === 'shipped_at')?.type).toBe('date');
  });

  it('imports rules, scans, and lists the violations the SQLite shop has too', async () => {
    const file = join(tmp.dir, 'rules.yaml');
    writeFileSync(file, SHOP_RULES + VENDOR_RULE);
    expect((await cli(['rules', 'import', file, '--activate', ...w, '--json'], env)).code).toBe(0);
    const scan = await cli(['scan', ...w, '--json'], env);
    expect(scan.code).toBe(0);
    const result = scan.json<ScanJson>();
    const byId = Object.fromEntries(result.rules.map((r) => [r.id, r]));
    expect(byId['late-shipments']).toMatchObject({ status: 'completed', recordsScanned: 5, violationsOpen: 2, error: null });
    expect(byId['list-price']).toMatchObject({ violationsOpen: 1 });
    expect(byId['split-purchases']).toMatchObject({ violationsOpen: 1 });
    // Case and trailing spaces count, although the column's collation ignores both.
    expect(byId['vendor-code']).toMatchObject({ violationsOpen: 3 });

    const late = await cli(['violations', 'list', '--rule', 'late-shipments', ...w, '--json'], env);
    const violations = late.json<{ violations: Array<{ recordKey: unknown[]; justification: string; snapshot: Record<string, unknown> }> }>().violations;
    expect(violations.map((v) => v.recordKey)).toEqual([[2], [4]]);
    expect(violations[0]!.justification).toContain('2024-03-09');
    expect(violations[0]!.snapshot).toMatchObject({ id: 2, total: 250.5, shipped_at: '2024-03-09' });
    const vendors = await cli(['violations', 'list', '--rule', 'vendor-code', ...w, '--json'], env);
    expect(vendors.json<{ violations: Array<{ recordKey: unknown[] }> }>().violations.map((v) => v.recordKey)).toEqual([[2], [3], [5]]);

    const again = (await cli(['scan', ...w, '--json'], env)).json<ScanJson>();
    expect(again.run.violationsNew).toBe(0);
    expect(again.run.violationsOpen).toBe(result.run.violationsOpen);
  });
});
