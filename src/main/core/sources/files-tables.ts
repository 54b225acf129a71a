/**
 * Which tables a `files` connection has: a CSV or Parquet file is one table named after the file,
 * an XLSX file one table per sheet (`file_sheet`). Names are made safe to show and type
 * (letters, digits, `_`) and unique ignoring case, because DuckDB matches identifiers
 * case-insensitively.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { AppError } from '../../../shared/errors.js';

export type FileKind = 'csv' | 'parquet' | 'xlsx';

export interface FileEntry {
  path: string;
  kind: FileKind;
}

const KINDS: Record<string, FileKind> = { '.csv': 'csv', '.tsv': 'csv', '.txt': 'csv', '.parquet': 'parquet', '.xlsx': 'xlsx' };

export function fileKind(path: string): FileKind | null {
  return KINDS[extname(path).toLowerCase()] ?? null;
}

/** The data files at `path`: the file itself, or the files of a folder (not its sub-folders), by name. */
export function listDataFiles(path: string): FileEntry[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new AppError('SOURCE_UNREACHABLE', `Cannot read ${path}: the file or folder does not exist. Check the path.`, { path });
  }
  if (stat.isFile()) {
    const kind = fileKind(path);
    if (kind === null) throw new AppError('INVALID_INPUT', `${path} is not a CSV, Parquet or XLSX file (by its extension: .csv, .tsv, .txt, .parquet, .xlsx).`, { path });
    return [{ path, kind }];
  }
  const files = readdirSync(path)
    // Hidden files and Excel's `~$` lock files are not data.
    .filter((name) => !name.startsWith('.') && !name.startsWith('~$'))
    .sort()
    .map((name) => ({ path: join(path, name), kind: fileKind(name) }))
    .filter((f): f is FileEntry => f.kind !== null && statSync(f.path).isFile());
  if (files.length === 0) throw new AppError('SOURCE_UNREACHABLE', `The folder ${path} holds no CSV, Parquet or XLSX file.`, { path });
  return files;
}

/** A name of letters, digits and `_`, not starting with a digit. */
export function sanitizeName(raw: string): string {
  const name = raw.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase();
  if (name === '') return 'table';
  return /^[0-9]/.test(name) ? `t_${name}` : name;
}

/** Hands out unique names (ignoring case), adding `_2`, `_3`... to repeats. */
export class NameAllocator {
  private readonly used = new Set<string>();

  take(raw: string): string {
    const base = sanitizeName(raw);
    let name = base;
    for (let n = 2; this.used.has(name.toLowerCase()); n += 1) name = `${base}_${n}`;
    this.used.add(name.toLowerCase());
    return name;
  }
}

export function fileStem(path: string): string {
  return basename(path, extname(path));
}
