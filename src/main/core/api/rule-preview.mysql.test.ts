import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test-support/core-api-harness.js';
import { createMysqlTestDatabase, hasMysql, type MysqlTestDatabase } from '../../../../test-support/mysql-database.js';

describe.skipIf(!hasMysql())('previewRule on a MariaDB connection', () => {
  let db: MysqlTestDatabase;
  let t: TestApi;

  beforeAll(async () => {
    db = await createMysqlTestDatabase();
    const admin = await mysql.createConnection(db.adminUrl);
    await admin.query('CREATE TABLE invoices (id INT PRIMARY KEY, code VARCHAR(10), due DATE, paid_on VARCHAR(20)) COLLATE utf8mb4_general_ci');
    await admin.query("INSERT INTO invoices VALUES (1, 'INV', '2024-03-01', '2024-03-05'), (2, 'inv', '2024-03-01', '2024-02-28'), (3, 'INV ', '2024-03-01', NULL)");
    await admin.end();
    t = await createTestApi({ rules: 'none', env: { INV_PW: db.password } });
    t.ws.connections.add('billing', { engine: 'mysql', url: db.url, passwordEnv: 'INV_PW' }, 'test');
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const draft = (require: string) => ({ id: 'r', title: 'r', severity: 'low' as const, connection: 'billing', table: 'invoices', require });

  it('previews with the rule language semantics and no warning where MySQL agrees', async () => {
    const preview = await t.api.previewRule({ draft: draft("code = 'INV'") });
    expect(preview).toMatchObject({ recordsInScope: 3, violating: 2 });
    expect(preview.sample.map((s) => s.key)).toEqual([[2], [3]]);
    expect(preview.warnings).toBeUndefined();
  });

  it('warns where MySQL may read a value differently', async () => {
    const preview = await t.api.previewRule({ draft: draft('paid_on <= due') });
    expect(preview.violating).toBe(2);
    expect(preview.warnings).toEqual([expect.stringContaining('On MySQL/MariaDB, paid_on is text read as a date')]);
  });
});
