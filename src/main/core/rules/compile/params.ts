import type { CellValue, ValueType } from '../../../../shared/schema.js';
import type { Dialect } from './dialect.js';

/**
 * Collects bound values while SQL is assembled. Fragments hold markers (NUL is refused in
 * identifiers and query text, so a marker cannot occur otherwise); `finish` numbers the
 * placeholders in the order they appear in the final text, so fragments may be assembled in
 * any order and even repeated, for `?` and `$n` alike.
 */
export class Params {
  private readonly values: unknown[] = [];

  constructor(private readonly dialect: Dialect) {}

  /** A placeholder for `value`, cast to `type` where the engine needs it. */
  add(value: CellValue, type: ValueType = 'unknown'): string {
    this.values.push(this.dialect.bindValue(value));
    return this.dialect.typedParam(`\u0000${this.values.length - 1}\u0000`, type);
  }

  finish(sql: string): { sql: string; params: unknown[] } {
    const params: unknown[] = [];
    const out = sql.replace(/\u0000(\d+)\u0000/g, (_m, index: string) => {
      params.push(this.values[Number(index)]);
      return this.dialect.placeholder(params.length);
    });
    return { sql: out, params };
  }
}
