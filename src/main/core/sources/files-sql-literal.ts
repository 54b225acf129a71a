/**
 * DuckDB's table functions take their file paths at bind time, so a path cannot be a prepared
 * parameter inside a view definition (DuckDB refuses: "This type of statement can't be
 * prepared"). Paths are therefore written as string literals, escaped here and nowhere else.
 */
import { AppError } from '../../../shared/errors.js';

/** A single-quoted SQL string literal: quotes doubled, NUL refused (it would end the string in C). */
export function sqlStringLiteral(value: string): string {
  if (value.includes('\u0000')) throw new AppError('INVALID_INPUT', 'A file path or option cannot contain a NUL character.');
  return `'${value.replaceAll("'", "''")}'`;
}
