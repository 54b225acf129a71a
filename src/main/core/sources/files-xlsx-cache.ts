/**
 * XLSX sheets, converted once (streaming, a row at a time) into Parquet files in a cache folder,
 * keyed by the workbook's SHA-256: a changed workbook gets a new key and is converted again.
 * DuckDB then queries the Parquet files like any other.
 *
 * Header rule: the first row names the columns. An empty header cell before the last named one
 * (what merged header cells leave behind, since only the first cell of a merge holds the text) or
 * a value under no header is an error that says which cell, rather than a guessed name.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { AppError } from '../../../shared/errors.js';
import { createLogger } from '../logger.js';
import { quoteIdentifier } from '../rules/compile/dialect.js';
import { sqlStringLiteral } from './files-sql-literal.js';

const log = createLogger('files-xlsx-cache');

export interface CachedSheet {
  sheet: string;
  parquet: string;
}

type Kind = 'number' | 'boolean' | 'date' | 'timestamp' | 'text';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Excel keeps wall-clock times; exceljs hands them over as UTC fields of a Date. */
function dateText(d: Date): { kind: Kind; text: string } {
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0) return { kind: 'date', text: date };
  const ms = d.getUTCMilliseconds();
  return { kind: 'timestamp', text: `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${ms ? `.${pad(ms, 3)}` : ''}` };
}

/** A cell as text plus the kind of value it held; null for an empty cell or an error value. */
export function cellText(value: unknown): { kind: Kind; text: string } | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'number', text: String(value) } : null;
  if (typeof value === 'boolean') return { kind: 'boolean', text: String(value) };
  if (typeof value === 'string') return { kind: 'text', text: value };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : dateText(value);
  if (typeof value === 'object') {
    const v = value as { result?: unknown; richText?: { text: string }[]; text?: unknown; error?: unknown };
    if ('result' in v) return cellText(v.result);
    if (Array.isArray(v.richText)) return { kind: 'text', text: v.richText.map((r) => r.text).join('') };
    if (typeof v.text === 'string') return { kind: 'text', text: v.text };
    if ('error' in v) return null;
  }
  return { kind: 'text', text: String(value) };
}

function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function headerNames(cells: unknown[], where: string): string[] {
  // Row values are sparse: an empty cell is a hole, which map() would skip.
  const texts = Array.from(cells, (c) => cellText(c)?.text.trim() ?? '');
  let last = texts.length - 1;
  while (last >= 0 && texts[last] === '') last -= 1;
  const names: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i <= last; i += 1) {
    const text = texts[i]!;
    if (text === '') {
      throw new AppError(
        'SOURCE_ERROR',
        `${where}: header cell ${columnLetter(i)}1 is empty. Merged or blank header cells are not supported: unmerge the header row and give every column its own name.`,
        { cell: `${columnLetter(i)}1` },
      );
    }
    let name = text;
    for (let n = 2; seen.has(name.toLowerCase()); n += 1) name = `${text}_${n}`;
    seen.add(name.toLowerCase());
    names.push(name);
  }
  return names;
}

function finalType(kinds: Set<Kind>): { sql: (c: string) => string } {
  const only = [...kinds];
  if (only.length === 0) return { sql: (c) => c };
  if (only.every((k) => k === 'date' || k === 'timestamp')) {
    return only.includes('timestamp') ? { sql: (c) => `CAST(${c} AS TIMESTAMP)` } : { sql: (c) => `CAST(${c} AS DATE)` };
  }
  if (only.length === 1 && only[0] === 'number') return { sql: (c) => `CAST(${c} AS DOUBLE)` };
  if (only.length === 1 && only[0] === 'boolean') return { sql: (c) => `CAST(${c} AS BOOLEAN)` };
  return { sql: (c) => c };
}

async function convert(path: string, dir: string, label: string): Promise<CachedSheet[]> {
  // Loaded on first use: exceljs and DuckDB take 300–500 ms to load, for workbooks only.
  const [{ DuckDBInstance }, { default: Excel }] = await Promise.all([import('@duckdb/node-api'), import('exceljs')]);
  const db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const connection = await db.connect();
  const sheets: CachedSheet[] = [];
  try {
    const reader = new Excel.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
    let index = 0;
    for await (const worksheet of reader) {
      index += 1;
      const sheetName = (worksheet as unknown as { name?: string }).name ?? `Sheet${index}`;
      const where = `Sheet "${sheetName}" of ${label}`;
      let names: string[] | null = null;
      let kinds: Set<Kind>[] = [];
      let appender: Awaited<ReturnType<typeof connection.createAppender>> | null = null;
      const table = `s${index}`;
      for await (const row of worksheet) {
        const values = ((row as ExcelJS.Row).values as unknown[]).slice(1);
        if (names === null) {
          names = headerNames(values, where);
          kinds = names.map(() => new Set<Kind>());
          await connection.run(`CREATE TABLE ${table} (${names.map((_n, i) => `c${i} VARCHAR`).join(', ') || 'c0 VARCHAR'})`);
          appender = await connection.createAppender(table);
          continue;
        }
        const rowNumber = (row as ExcelJS.Row).number;
        for (let i = names.length; i < values.length; i += 1) {
          if (cellText(values[i]) !== null) {
            throw new AppError('SOURCE_ERROR', `${where}: cell ${columnLetter(i)}${rowNumber} has a value but its column has no header. Give the column a name in row 1.`, { cell: `${columnLetter(i)}${rowNumber}` });
          }
        }
        for (let i = 0; i < Math.max(names.length, 1); i += 1) {
          const cell = i < names.length ? cellText(values[i]) : null;
          if (cell === null) appender!.appendNull();
          else {
            kinds[i]!.add(cell.kind);
            appender!.appendVarchar(cell.text);
          }
        }
        appender!.endRow();
      }
      if (names === null) {
        log.info('skipping an empty sheet', { file: label, sheet: sheetName });
        continue;
      }
      appender!.closeSync();
      // Mixed columns keep the text of every cell; uniform ones get their type back.
      const select = names.map((name, i) => `${finalType(kinds[i]!).sql(`c${i}`)} AS ${quoteIdentifier(name)}`).join(', ') || `c0 AS ${quoteIdentifier('column')}`;
      const file = join(dir, `sheet-${index}.parquet`);
      await connection.run(`COPY (SELECT ${select} FROM ${table}) TO ${sqlStringLiteral(file)} (FORMAT parquet)`);
      await connection.run(`DROP TABLE ${table}`);
      sheets.push({ sheet: sheetName, parquet: file });
    }
  } finally {
    connection.closeSync();
    db.closeSync();
  }
  return sheets;
}

/**
 * The Parquet files of a workbook's sheets, converting it first when this version of the file
 * (by content hash) is not in `cacheDir` yet.
 */
export async function cachedXlsxSheets(path: string, cacheDir: string): Promise<CachedSheet[]> {
  const key = await sha256(path);
  const dir = join(cacheDir, key);
  const manifest = join(dir, 'manifest.json');
  if (existsSync(manifest)) {
    const sheets = JSON.parse(readFileSync(manifest, 'utf8')) as { sheet: string; file: string }[];
    return sheets.map((s) => ({ sheet: s.sheet, parquet: join(dir, s.file) }));
  }
  const work = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(work, { recursive: true });
  try {
    const sheets = await convert(path, work, path);
    const relative = sheets.map((s) => ({ sheet: s.sheet, file: s.parquet.slice(work.length + 1) }));
    writeFileSync(join(work, 'manifest.json'), JSON.stringify(relative));
    // Another process may have converted the same file meanwhile; its result is as good as ours.
    if (!existsSync(dir)) renameSync(work, dir);
    log.info('converted a workbook', { file: path, sheets: sheets.length });
    return relative.map((s) => ({ sheet: s.sheet, parquet: join(dir, s.file) }));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('SOURCE_ERROR', `Cannot read the workbook ${path}: ${(error as Error).message}. Check that it is an .xlsx file that Excel can open.`, { path });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
