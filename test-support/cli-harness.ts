import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { main } from '../src/main/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws when it is not exactly one JSON document). */
  json<T = Record<string, unknown>>(): T;
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** Runs the CLI in-process, as a user would type it, and captures what it prints. */
export async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const stdout = collector();
  const stderr = collector();
  const code = await main(args, { ...env }, { stdout: stdout.stream, stderr: stderr.stream });
  const out = stdout.text();
  return { code, stdout: out, stderr: stderr.text(), json: <T>() => JSON.parse(out) as T };
}

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `policysentinel-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A small shop database with known problems:
 * orders 2 and 4 shipped late, order 3 has no ship date yet (out of scope),
 * order line (2, 11) is not at list price, customer 7 split purchases on one day.
 */
export function createShopDatabase(path: string): void {
  const db = new Database(path);
  db.exec(`
    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, shipped_at DATE, required_at DATE NOT NULL, total REAL NOT NULL);
    INSERT INTO orders VALUES (1, 5, '2024-03-01', '2024-03-05', 100), (2, 5, '2024-03-09', '2024-03-01', 250.5),
      (3, 6, NULL, '2024-03-10', 80), (4, 7, '2024-04-02', '2024-04-01', 4000), (5, 7, '2024-04-01', '2024-04-01', 3000);
    CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, unit_price REAL NOT NULL);
    INSERT INTO products VALUES (10, 'pen', 1.5), (11, 'desk', 200);
    CREATE TABLE order_lines (order_id INTEGER NOT NULL, product_id INTEGER NOT NULL, unit_price REAL NOT NULL, PRIMARY KEY (order_id, product_id));
    INSERT INTO order_lines VALUES (1, 10, 1.5), (2, 11, 180), (2, 10, 1.5);
    CREATE TABLE purchases (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, day DATE NOT NULL, value REAL NOT NULL);
    INSERT INTO purchases VALUES (1, 7, '2024-05-01', 3000), (2, 7, '2024-05-01', 2500), (3, 8, '2024-05-01', 6000), (4, 9, '2024-05-02', 100);
  `);
  db.close();
}

export const SHOP_RULES = `rules:
  - id: late-shipments
    title: Orders shipped after the required date
    severity: medium
    target: { connection: shop, table: orders, key: [id] }
    when: shipped_at IS NOT NULL
    require: shipped_at <= required_at
  - id: list-price
    title: Order lines at list price
    severity: high
    target:
      connection: shop
      table: order_lines
      key: [order_id, product_id]
      join: [{ table: products, on: products.id = order_lines.product_id, type: inner }]
    violation: order_lines.unit_price <> products.unit_price
  - id: split-purchases
    title: Purchases split under the approval limit
    severity: critical
    target: { connection: shop, table: purchases, key: [customer_id, day] }
    group_by: [customer_id, day]
    violation: count(*) > 1 AND max(value) <= 5000 AND sum(value) > 5000
`;
