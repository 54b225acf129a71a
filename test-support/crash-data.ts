/**
 * The crash test's source: `payments`, N rows generated in SQL, and three rules with a watermark
 * that together flag about one row in ten.
 */
import Database from 'better-sqlite3';

export const CRASH_RULES = `rules:
  - id: large
    target: { connection: src, table: payments, key: [id], watermark: id }
    violation: amount > 970
  - id: receipt
    target: { connection: src, table: payments, key: [id], watermark: id }
    when: amount > 500
    require: receipt = TRUE
  - id: category
    target: { connection: src, table: payments, key: [id], watermark: id }
    require: category IN ('travel', 'meals', 'lodging')
`;

export function createCrashSource(path: string, rows: number): void {
  const db = new Database(path);
  try {
    db.exec('CREATE TABLE payments (id INTEGER PRIMARY KEY, amount REAL NOT NULL, receipt BOOLEAN NOT NULL, category TEXT NOT NULL)');
  } finally {
    db.close();
  }
  appendCrashRows(path, 1, rows);
}

/** Rows `from` .. `from + count - 1`, as a source that keeps growing while it is monitored. */
export function appendCrashRows(path: string, from: number, count: number): void {
  const db = new Database(path);
  try {
    db.prepare(
      `WITH RECURSIVE s(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM s WHERE i < ?)
       INSERT INTO payments SELECT i, (i * 7919) % 1000, CASE WHEN i % 29 = 0 THEN 0 ELSE 1 END,
         CASE i % 31 WHEN 0 THEN 'other' WHEN 1 THEN 'meals' WHEN 2 THEN 'lodging' ELSE 'travel' END FROM s`,
    ).run(from, from + count - 1);
  } finally {
    db.close();
  }
}
