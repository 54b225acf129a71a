import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';

/**
 * Generates the demo source: a small company's employees, vendors and expenses as a SQLite file.
 * Deterministic (a seeded generator), so the demo's figures are the same on every machine.
 * Roughly one record in ten breaks one of the demo rules, in ways an auditor would recognise.
 */

export interface DemoSize {
  employees: number;
  vendors: number;
  expenses: number;
}

export const DEMO_SIZE: DemoSize = { employees: 2_000, vendors: 1_000, expenses: 47_000 };

/** mulberry32: small, fast and good enough for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ada', 'Ben', 'Chloe', 'Dev', 'Eva', 'Farid', 'Grace', 'Hugo', 'Iris', 'Jonas', 'Kira', 'Liam', 'Mona', 'Nils', 'Olga', 'Priya'];
const LAST = ['Adams', 'Baker', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hansen', 'Ito', 'Jensen', 'Kowalski', 'Larsen', 'Moreau', 'Novak'];
const DEPARTMENTS = ['Finance', 'Sales', 'Engineering', 'Operations', 'Marketing', 'Legal'];
const CATEGORIES = ['meals', 'travel', 'lodging', 'supplies', 'software', 'training', 'entertainment'];
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'NL', 'CA'];
const VENDOR_WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Soylent', 'Tyrell'];

const DAY = 86_400_000;

const SCHEMA = `
CREATE TABLE employees (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, department TEXT NOT NULL,
  status TEXT NOT NULL, hired_on DATE NOT NULL, terminated_on DATE, last_login DATETIME, manager_id INTEGER
);
CREATE TABLE vendors (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, tax_id TEXT, approved BOOLEAN NOT NULL, country TEXT NOT NULL,
  created_on DATE NOT NULL
);
CREATE TABLE expenses (
  id INTEGER PRIMARY KEY, employee_id INTEGER NOT NULL, vendor_id INTEGER, category TEXT NOT NULL,
  amount REAL NOT NULL, currency TEXT NOT NULL, receipt BOOLEAN, incurred_on DATE NOT NULL,
  submitted_on DATE NOT NULL, approved_by INTEGER, status TEXT NOT NULL, description TEXT
);
`;

export interface DemoOptions {
  size?: DemoSize;
  seed?: number;
  /** The demo year ends here (YYYY-MM-DD); defaults to today, so `today()` rules find recent data. */
  endDate?: string;
}

/** Writes the demo database to `path`, replacing a previous one. Returns the row counts. */
export function generateDemoDatabase(path: string, options: DemoOptions = {}): DemoSize {
  const size = options.size ?? DEMO_SIZE;
  const end = options.endDate ? Date.parse(options.endDate) : Date.now();
  // Day 0 is a year before the end date, at midnight UTC; offsets are the same on every run.
  const base = Math.floor(end / DAY) * DAY - 366 * DAY;
  const day = (offset: number): string => new Date(base + Math.floor(offset) * DAY).toISOString().slice(0, 10);
  const timestamp = (offsetDays: number): string =>
    new Date(base + offsetDays * DAY).toISOString().slice(0, 19).replace('T', ' ');
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) rmSync(path + suffix);
  const rand = prng(options.seed ?? 20240101);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const db = new Database(path);
  try {
    db.exec(SCHEMA);
    const addEmployee = db.prepare('INSERT INTO employees VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const addVendor = db.prepare('INSERT INTO vendors VALUES (?, ?, ?, ?, ?, ?)');
    const addExpense = db.prepare('INSERT INTO expenses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const terminatedOn = new Map<number, number>();

    db.transaction(() => {
      for (let id = 1; id <= size.employees; id++) {
        const first = pick(FIRST);
        const last = pick(LAST);
        const hired = -1500 + rand() * 1400;
        const terminated = rand() < 0.08 ? 30 + rand() * 300 : null;
        if (terminated !== null) terminatedOn.set(id, terminated);
        // Most active accounts logged in recently; some have been idle for months.
        const lastLogin = rand() < 0.06 ? 200 + rand() * 60 : 330 + rand() * 35;
        addEmployee.run(
          id,
          `${first} ${last}`,
          `${first}.${last}${id}@example.com`.toLowerCase(),
          pick(DEPARTMENTS),
          terminated === null ? 'active' : 'terminated',
          day(hired),
          terminated === null ? null : day(terminated),
          rand() < 0.01 ? null : timestamp(lastLogin),
          id > 20 ? 1 + Math.floor(rand() * 20) : null,
        );
      }
      for (let id = 1; id <= size.vendors; id++) {
        const r = rand();
        const taxId =
          r < 0.04 ? null : r < 0.07 ? `${pick(COUNTRIES)}-${Math.floor(rand() * 1e6)}` : `${pick(COUNTRIES)}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
        addVendor.run(id, `${pick(VENDOR_WORDS)} ${pick(['Ltd', 'GmbH', 'Inc', 'SARL', 'BV'])} ${id}`, taxId, rand() < 0.85 ? 1 : 0, pick(COUNTRIES), day(-800 + rand() * 700));
      }
      for (let id = 1; id <= size.expenses; id++) {
        const employee = 1 + Math.floor(rand() * size.employees);
        const category = pick(CATEGORIES);
        const big = rand() < 0.3;
        const amount = Math.round((big ? 75 + rand() * 900 : 5 + rand() * 70) * 100) / 100;
        const leftOn = terminatedOn.get(employee);
        // A few expenses of departed employees are dated after they left.
        const incurred = leftOn === undefined ? rand() * 360 : rand() < 0.05 ? leftOn + 1 + rand() * 40 : rand() * leftOn;
        const delay = rand() < 0.05 ? 31 + rand() * 60 : rand() * 25;
        const receipt = amount > 75 ? (rand() < 0.12 ? (rand() < 0.3 ? null : 0) : 1) : rand() < 0.5 ? 1 : 0;
        const approver = rand() < 0.1 ? null : rand() < 0.01 ? employee : 1 + Math.floor(rand() * 20);
        const vendor = rand() < 0.15 ? null : rand() < 0.005 ? size.vendors + 1 + Math.floor(rand() * 50) : 1 + Math.floor(rand() * size.vendors);
        addExpense.run(
          id,
          employee,
          vendor,
          category,
          amount,
          'USD',
          receipt,
          day(incurred),
          day(incurred + delay),
          approver,
          pick(['submitted', 'approved', 'approved', 'paid', 'paid', 'paid']),
          `${category} expense`,
        );
      }
      // Split purchases: several small expenses on one day that together pass the receipt limit.
      for (let i = 0; i < 120; i++) {
        const employee = 1 + Math.floor(rand() * size.employees);
        const when = Math.floor(rand() * 360);
        for (let k = 0; k < 2 + Math.floor(rand() * 2); k++) {
          const id = size.expenses + i * 4 + k + 1;
          addExpense.run(id, employee, 1 + Math.floor(rand() * size.vendors), 'meals', 40 + Math.round(rand() * 3000) / 100, 'USD', 0, day(when), day(when + 2), 1 + Math.floor(rand() * 20), 'paid', 'team meal');
        }
      }
    })();
    db.exec('ANALYZE');
  } finally {
    db.close();
  }
  return size;
}
