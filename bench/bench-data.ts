import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * The benchmark's table: `payments`, N rows, generated in SQL from the row number so SQLite and
 * PostgreSQL hold the same data. Each of the five rules below is broken by 2% of the rows
 * (10% of rows violate one rule).
 */

export const BENCH_RULES_YAML = `rules:
  - id: receipt
    severity: high
    target: { connection: bench, table: payments, key: [id] }
    when: amount > 75
    require: receipt = TRUE
  - id: self-approval
    severity: critical
    target: { connection: bench, table: payments, key: [id] }
    violation: approver = employee
  - id: paid-within-30-days
    severity: medium
    target: { connection: bench, table: payments, key: [id] }
    require: days_between(created, paid) <= 30
  - id: known-category
    severity: low
    target: { connection: bench, table: payments, key: [id] }
    require: category IN ('travel', 'meals', 'lodging', 'supplies')
  - id: amount-limit
    severity: high
    target: { connection: bench, table: payments, key: [id] }
    require: amount <= 5000
`;

/** The same five predicates written by hand, for the engine-only baseline ("limit"). */
export const HAND_WRITTEN: Record<'sqlite' | 'postgres', string[]> = {
  sqlite: [
    'amount > 75 AND receipt IS NOT 1',
    'approver = employee',
    "(julianday(paid) - julianday(created)) > 30",
    "category NOT IN ('travel', 'meals', 'lodging', 'supplies')",
    'amount > 5000',
  ],
  postgres: [
    'amount > 75 AND receipt IS NOT TRUE',
    'approver = employee',
    '(paid - created) > 30',
    "category NOT IN ('travel', 'meals', 'lodging', 'supplies')",
    'amount > 5000',
  ],
};

export const COLUMNS = ['id', 'employee', 'approver', 'amount', 'receipt', 'category', 'created', 'paid'];

function rowSql(i: string, dialect: 'sqlite' | 'postgres'): string {
  const date = (days: string) =>
    dialect === 'sqlite' ? `date('2024-01-01', '+' || (${days}) || ' days')` : `(DATE '2024-01-01' + (${days})::int)`;
  const bool = (cond: string) => (dialect === 'sqlite' ? `(CASE WHEN ${cond} THEN 0 ELSE 1 END)` : `NOT (${cond})`);
  return `${i},
    ${i} % 5000 + 1,
    CASE WHEN ${i} % 50 = 0 THEN ${i} % 5000 + 1 ELSE ${i} % 4999 + 5001 END,
    CASE WHEN ${i} % 50 = 1 THEN 6000 + ${i} % 1000 ELSE (${i} * 37) % 4900 + 80.5 END,
    ${bool(`${i} % 50 = 2`)},
    CASE WHEN ${i} % 50 = 3 THEN 'other' ELSE (ARRAY_PLACEHOLDER) END,
    ${date(`${i} % 300`)},
    ${date(`${i} % 300 + CASE WHEN ${i} % 50 = 4 THEN 45 ELSE ${i} % 20 END`)}`.replace(
    'ARRAY_PLACEHOLDER',
    `CASE ${i} % 4 WHEN 0 THEN 'travel' WHEN 1 THEN 'meals' WHEN 2 THEN 'lodging' ELSE 'supplies' END`,
  );
}

export function createSqliteBenchTable(path: string, rows: number): void {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(`CREATE TABLE payments (id INTEGER PRIMARY KEY, employee INTEGER NOT NULL, approver INTEGER NOT NULL,
      amount REAL NOT NULL, receipt BOOLEAN NOT NULL, category TEXT NOT NULL, created DATE NOT NULL, paid DATE NOT NULL)`);
    db.prepare(
      `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
       INSERT INTO payments SELECT ${rowSql('i', 'sqlite')} FROM s`,
    ).run(rows);
    db.exec('ANALYZE');
  } finally {
    db.close();
  }
}

export async function createPostgresBenchTable(url: string, rows: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS payments');
    await client.query(`CREATE TABLE payments (id integer PRIMARY KEY, employee integer NOT NULL, approver integer NOT NULL,
      amount double precision NOT NULL, receipt boolean NOT NULL, category text NOT NULL, created date NOT NULL, paid date NOT NULL)`);
    await client.query(`INSERT INTO payments SELECT ${rowSql('i', 'postgres')} FROM generate_series(1, $1::int) AS i`, [rows]);
    await client.query('VACUUM ANALYZE payments');
  } finally {
    await client.end();
  }
}
