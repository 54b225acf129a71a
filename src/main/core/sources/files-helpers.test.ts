import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test-support/cli-harness.js';
import { DUCKDB_MACROS } from '../rules/compile/duckdb-functions.js';
import { roundHalfAway } from '../rules/round-half-away.js';
import { canonicalTimestamp } from '../rules/temporal.js';
import { detectCsvDialect, findRaggedLine } from './files-csv-dialect.js';
import { sqlStringLiteral } from './files-sql-literal.js';
import { NameAllocator, sanitizeName } from './files-tables.js';

const tmp = tempDir('files-helpers');
afterAll(() => tmp.remove());

describe('sqlStringLiteral', () => {
  it('round-trips hostile paths through DuckDB unchanged', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      for (const value of ["o'brien.csv", "''); DROP TABLE x; --", 'back\\slash\\', 'é 😀 \n\t', "'"]) {
        const rows = (await c.runAndReadAll(`SELECT ${sqlStringLiteral(value)}`)).getRows();
        expect(rows[0]![0]).toBe(value);
      }
    } finally {
      c.closeSync();
      db.closeSync();
    }
    expect(() => sqlStringLiteral('a\u0000b')).toThrow(/NUL/);
  });
});

describe('table names', () => {
  it('are letters, digits and _, unique ignoring case', () => {
    expect(sanitizeName('Orders 2024 (final)')).toBe('orders_2024_final');
    expect(sanitizeName('2024-Ventes')).toBe('t_2024_ventes');
    expect(sanitizeName('Café')).toBe('cafe');
    expect(sanitizeName('***')).toBe('table');
    const names = new NameAllocator();
    expect(['orders', 'Orders', 'orders!', 'orders_2'].map((n) => names.take(n))).toEqual(['orders', 'orders_2', 'orders_3', 'orders_2_2']);
  });
});

describe('CSV dialect', () => {
  it('picks the delimiter that splits every line alike, and the encoding', () => {
    const semi = join(tmp.dir, 'semi.csv');
    writeFileSync(semi, 'a;b,c;d\n1;"x;y";2\n3;4,5;6\n');
    expect(detectCsvDialect(semi)).toEqual({ delimiter: ';', encoding: 'utf-8' });
    const latin = join(tmp.dir, 'latin.csv');
    writeFileSync(latin, Buffer.from('a|b\n1|\xe9\n', 'latin1'));
    expect(detectCsvDialect(latin)).toEqual({ delimiter: '|', encoding: 'latin-1' });
  });

  it('finds the first ragged record by the line it starts on, quoted line breaks included', async () => {
    const path = join(tmp.dir, 'ragged.csv');
    writeFileSync(path, 'a,b\r\n1,"two\r\nlines"\r\n\r\n3,4,5\r\n6\r\n');
    expect(await findRaggedLine(path, { delimiter: ',', encoding: 'utf-8' })).toEqual({ line: 5, fields: 3, expected: 2 });
    const fine = join(tmp.dir, 'fine.csv');
    writeFileSync(fine, 'a,b\n1,2\n');
    expect(await findRaggedLine(fine, { delimiter: ',', encoding: 'utf-8' })).toBeNull();
  });
});

describe('DuckDB macros', () => {
  it('round and parse timestamps exactly as the evaluator does', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      for (const macro of DUCKDB_MACROS) await c.run(macro);
      for (const x of [2.675, 0.15, -2.5, 2.5, 1000000.15, 1e300, -0.5, 123456.789, 1e-7, 1.005, 5e-324]) {
        for (const d of [0, 1, 2, -1]) {
          const p = await c.prepare('SELECT ps_round($1, $2)');
          p.bindDouble(1, x);
          p.bindInteger(2, d);
          expect([x, d, (await p.runAndReadAll()).getRows()[0]![0]]).toEqual([x, d, roundHalfAway(x, d)]);
        }
      }
      for (const text of ['2024-03-09', ' 2024-03-09T10:30 ', '2024-03-09 10:30:00.1234567', '2024-03-09 24:00', '2024-02-30', '2024-03-09T23:30:00+02:00', '2024-03-09 01:00-0130', 'abc', '', '2024-3-9']) {
        const p = await c.prepare('SELECT CAST(ps_timestamp($1) AS VARCHAR)');
        p.bindVarchar(1, text);
        const value = (await p.runAndReadAll()).getRows()[0]![0];
        expect([text, value]).toEqual([text, canonicalTimestamp(text)]);
      }
    } finally {
      c.closeSync();
      db.closeSync();
    }
  });
});

describe('files connection input', () => {
  it('resolves the path and checks the type overrides', async () => {
    const { configFromInput } = await import('./connection-input.js');
    expect(configFromInput({ engine: 'files', path: 'x/orders.csv', types: { 'orders.code': 'text' } }, '/data')).toEqual({
      engine: 'files',
      path: '/data/x/orders.csv',
      types: { 'orders.code': 'text' },
    });
    expect(() => configFromInput({ engine: 'files', path: 'a.csv', types: { code: 'text' } }, '/data')).toThrow(/table\.column/);
    expect(() => configFromInput({ engine: 'files', path: 'a.csv', types: { 'a.code': 'money' as 'text' } }, '/data')).toThrow(/Invalid files connection/);
    expect(() => configFromInput({ engine: 'files', path: ' ' }, '/data')).toThrow(/Give the path/);
  });
});
