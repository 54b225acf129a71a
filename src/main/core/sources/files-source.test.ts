import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { tempDir } from '../../../../test-support/cli-harness.js';
import { rejection } from '../../../../test-support/rejection.js';
import { openFilesSource } from './files-source.js';
import type { Source } from './source.js';

const tmp = tempDir('files-source');
afterAll(() => tmp.remove());

async function writeParquet(path: string, selectSql: string): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(`COPY (${selectSql}) TO '${path.replaceAll("'", "''")}' (FORMAT parquet)`);
  c.closeSync();
  db.closeSync();
}

async function rows(source: Source, sql: string, columns: Array<'number' | 'text' | 'date' | 'timestamp' | 'boolean'>): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for await (const batch of source.stream({ sql, params: [], columns: columns.map((type, i) => ({ name: `c${i}`, type })) }, { batchSize: 2 })) out.push(...batch);
  return out;
}

describe('files source', () => {
  const folder = join(tmp.dir, 'extract');
  mkdirSync(folder);
  const cache = join(tmp.dir, 'ws.psw.cache');

  it('discovers a folder of CSV, Parquet and XLSX files, each file or sheet a table', async () => {
    writeFileSync(join(folder, 'Orders 2024.csv'), 'id;amount;placed;note\n1;10.5;2024-01-02;"a;b"\n2;-3;2024-02-29;\n3;0;2024-03-01;""\n');
    await writeParquet(join(folder, 'customers.parquet'), "SELECT 1 AS id, 'Ann' AS name, DATE '2024-03-01' AS since UNION ALL SELECT 2, 'Bob', NULL");
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Q1');
    sheet.addRow(['id', 'paid', 'when', 'at', 'ok']);
    sheet.addRow([1, 9.5, new Date(Date.UTC(2024, 0, 31)), new Date(Date.UTC(2024, 0, 31, 10, 30)), true]);
    sheet.addRow([2, 7, new Date(Date.UTC(2024, 1, 29)), new Date(Date.UTC(2024, 1, 29, 23, 0)), false]);
    await workbook.xlsx.writeFile(join(folder, 'ledger.xlsx'));
    writeFileSync(join(folder, 'notes.md'), '# not data');

    const source = await openFilesSource({ engine: 'files', path: folder }, { cacheDir: cache });
    try {
      const { tables } = await source.schema();
      expect(tables.map((t) => t.name)).toEqual(['customers', 'ledger_q1', 'orders_2024']);
      const orders = tables.find((t) => t.name === 'orders_2024')!;
      expect(orders.columns.map((c) => [c.name, c.type])).toEqual([['id', 'number'], ['amount', 'number'], ['placed', 'date'], ['note', 'text']]);
      const ledger = tables.find((t) => t.name === 'ledger_q1')!;
      expect(ledger.columns.map((c) => [c.name, c.type])).toEqual([['id', 'number'], ['paid', 'number'], ['when', 'date'], ['at', 'timestamp'], ['ok', 'boolean']]);
      expect(ledger.rowEstimate).toBe(2);
      expect(tables.find((t) => t.name === 'customers')!.columns.map((c) => c.type)).toEqual(['number', 'text', 'date']);
      expect(await rows(source, 'SELECT id, note, placed FROM orders_2024 ORDER BY id', ['number', 'text', 'date'])).toEqual([
        [1, 'a;b', '2024-01-02'],
        [2, null, '2024-02-29'],
        [3, '', '2024-03-01'],
      ]);
      expect(await rows(source, 'SELECT "when", "at" FROM ledger_q1 ORDER BY id', ['date', 'timestamp'])).toEqual([
        ['2024-01-31', '2024-01-31 10:30:00'],
        ['2024-02-29', '2024-02-29 23:00:00'],
      ]);
    } finally {
      await source.close();
    }
    expect(readdirSync(cache)).toHaveLength(1);
  });

  it('reuses the XLSX cache while the file is unchanged and converts again when it changes', async () => {
    const path = join(tmp.dir, 'book.xlsx');
    const write = async (value: number) => {
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet('S').addRows([['v'], [value]]);
      await workbook.xlsx.writeFile(path);
    };
    const ownCache = join(tmp.dir, 'cache2');
    const read = async () => {
      const source = await openFilesSource({ engine: 'files', path }, { cacheDir: ownCache });
      try {
        return await source.queryOne({ sql: 'SELECT v FROM book_s', params: [], columns: [{ name: 'v', type: 'number' }] });
      } finally {
        await source.close();
      }
    };
    await write(1);
    expect(await read()).toEqual([1]);
    expect(await read()).toEqual([1]);
    expect(readdirSync(ownCache)).toHaveLength(1);
    await write(2);
    expect(await read()).toEqual([2]);
    expect(readdirSync(ownCache)).toHaveLength(2);
  });

  it('names the file and line of a ragged CSV line', async () => {
    const path = join(tmp.dir, 'ragged.csv');
    writeFileSync(path, 'id,name,amount\n1,a,1\n2,"multi\nline",2\n3,c\n4,d,4\n');
    const error = await rejection(openFilesSource({ engine: 'files', path }, { cacheDir: cache }));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('SOURCE_ERROR');
    expect((error as AppError).message).toContain('ragged.csv, line 5: 2 fields where the header has 3');
  });

  it('refuses merged header cells in a sheet, naming the cell', async () => {
    const path = join(tmp.dir, 'merged.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Data');
    sheet.addRow(['id', 'Amount', null, 'note']);
    sheet.addRow([1, 10, 20, 'x']);
    sheet.mergeCells('B1:C1');
    await workbook.xlsx.writeFile(path);
    const error = await rejection(openFilesSource({ engine: 'files', path }, { cacheDir: cache }));
    expect((error as AppError).message).toMatch(/Sheet "Data" of .*merged\.xlsx: header cell C1 is empty\. Merged or blank header cells/);
  });

  it('applies type overrides and refuses one that names no column', async () => {
    const path = join(tmp.dir, 'codes.csv');
    writeFileSync(path, 'code,day,flag\n007,2024-03-01T10:00:00,1\n010,not a date,0\n');
    const source = await openFilesSource({ engine: 'files', path, types: { 'codes.code': 'text', 'codes.day': 'date' } }, { cacheDir: cache });
    try {
      const columns = (await source.schema()).tables[0]!.columns;
      expect(columns.map((c) => [c.name, c.type])).toEqual([['code', 'text'], ['day', 'date'], ['flag', 'number']]);
      expect(await rows(source, 'SELECT code, day FROM codes ORDER BY code', ['text', 'date'])).toEqual([
        ['007', '2024-03-01'],
        ['010', null],
      ]);
    } finally {
      await source.close();
    }
    const error = await rejection(openFilesSource({ engine: 'files', path, types: { 'codes.nope': 'text' } }, { cacheDir: cache }));
    expect((error as AppError).message).toContain('nope');
  });

  it('reads Latin-1 and UTF-16 files and tab-separated ones', async () => {
    const latin = join(tmp.dir, 'latin.csv');
    writeFileSync(latin, Buffer.from('id;name\n1;caf\xe9\n', 'latin1'));
    const utf16 = join(tmp.dir, 'wide.csv');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id\tname\n1\tété\n', 'utf16le')]));
    for (const [path, table, name] of [[latin, 'latin', 'café'], [utf16, 'wide', 'été']] as const) {
      const source = await openFilesSource({ engine: 'files', path }, { cacheDir: cache });
      try {
        expect(await rows(source, `SELECT id, name FROM ${table}`, ['number', 'text'])).toEqual([[1, name]]);
      } finally {
        await source.close();
      }
    }
  });

  it('is read-only: no writes, no other files', async () => {
    const path = join(tmp.dir, 'codes.csv');
    const source = await openFilesSource({ engine: 'files', path }, { cacheDir: cache });
    try {
      const write = await rejection(source.describeQuery(`COPY (SELECT 1) TO '${join(tmp.dir, 'x.csv')}'`));
      expect((write as AppError).code).toBe('SOURCE_ERROR');
      const other = await rejection(rows(source, `SELECT * FROM read_csv('${join(tmp.dir, 'latin.csv')}')`, ['text']));
      expect((other as AppError).message).toMatch(/read-only|Only the connection's own files/);
      expect(await source.describeQuery('SELECT code, flag FROM codes')).toEqual([
        { name: 'code', type: 'text', nativeType: 'VARCHAR', nullable: true },
        { name: 'flag', type: 'number', nativeType: 'BIGINT', nullable: true },
      ]);
    } finally {
      await source.close();
    }
  });

  it('stops a stream when its signal aborts', async () => {
    const path = join(tmp.dir, 'many.parquet');
    await writeParquet(path, 'SELECT range AS id FROM range(100000)');
    const source = await openFilesSource({ engine: 'files', path }, { cacheDir: cache });
    const controller = new AbortController();
    try {
      let seen = 0;
      const error = await rejection((async () => {
        for await (const batch of source.stream({ sql: 'SELECT id FROM many', params: [], columns: [{ name: 'id', type: 'number' }] }, { batchSize: 1000, signal: controller.signal })) {
          seen += batch.length;
          controller.abort();
        }
      })());
      expect((error as AppError).code).toBe('CANCELLED');
      expect(seen).toBe(1000);
    } finally {
      await source.close();
    }
  });
});
