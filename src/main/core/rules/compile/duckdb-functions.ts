/**
 * SQL macros the DuckDB dialect calls, created on every DuckDB connection a source opens.
 * They reproduce the evaluator's helpers (../temporal.ts, ../round-half-away.ts) in SQL, so the
 * compiled query and the evaluator agree without calling back into JavaScript per row.
 */

/** JavaScript's String.prototype.trim() set, as an RE2 class body (RE2's \s lacks \v). */
const WS = String.raw`\t\n\v\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}`;

/** temporal.ts's PATTERN with the range checks the evaluator makes after matching. */
const TIMESTAMP_PATTERN = String.raw`^(\d{4}-\d{2}-\d{2})(?:[Tt ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d+))?)?[${WS}]*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$`;

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;
const P = quote(TIMESTAMP_PATTERN);
const part = (n: number): string => `regexp_extract(s, ${P}, ${n})`;

export const DUCKDB_MACROS: readonly string[] = [
  `CREATE OR REPLACE MACRO ps_text(x) AS regexp_replace(CAST(x AS VARCHAR), ${quote(`^[${WS}]+|[${WS}]+$`)}, '', 'g')`,
  `CREATE OR REPLACE MACRO ps_ts_base(s) AS TRY_CAST(${part(1)} || ' ' || coalesce(nullif(${part(2)}, ''), '00') || ':' || coalesce(nullif(${part(3)}, ''), '00') || ':' || coalesce(nullif(${part(4)}, ''), '00') || CASE WHEN ${part(5)} <> '' THEN '.' || left(${part(5)}, 6) ELSE '' END AS TIMESTAMP)`,
  // The zone is applied as an offset to UTC, as SQLite and the evaluator do.
  `CREATE OR REPLACE MACRO ps_ts_zone(s, z) AS CASE WHEN z = '' OR upper(z) = 'Z' THEN ps_ts_base(s) ELSE ps_ts_base(s) - to_minutes(CAST((CASE WHEN left(z, 1) = '-' THEN -1 ELSE 1 END) * (CAST(substr(replace(z, ':', ''), 2, 2) AS INTEGER) * 60 + coalesce(TRY_CAST(nullif(substr(replace(z, ':', ''), 4, 2), '') AS INTEGER), 0)) AS BIGINT)) END`,
  `CREATE OR REPLACE MACRO ps_ts_text(s) AS CASE WHEN regexp_full_match(s, ${P}) THEN ps_ts_zone(s, ${part(6)}) END`,
  `CREATE OR REPLACE MACRO ps_timestamp(x) AS ps_ts_text(ps_text(x))`,
  `CREATE OR REPLACE MACRO ps_date(x) AS CAST(ps_timestamp(x) AS DATE)`,
  // Half away from zero on the 15 significant digits of the double (round-half-away.ts); `+ 0`
  // turns a rounded -0 into 0, as there.
  `CREATE OR REPLACE MACRO ps_sci(x) AS printf('%.14e', abs(CAST(x AS DOUBLE)))`,
  `CREATE OR REPLACE MACRO ps_exp(x) AS CAST(split_part(ps_sci(x), 'e', 2) AS INTEGER)`,
  `CREATE OR REPLACE MACRO ps_sig(x) AS CAST(replace(split_part(ps_sci(x), 'e', 1), '.', '') AS BIGINT)`,
  `CREATE OR REPLACE MACRO ps_head(sig, drop) AS sig // CAST(pow(10, drop) AS BIGINT) + CASE WHEN (sig // CAST(pow(10, drop - 1) AS BIGINT)) % 10 >= 5 THEN 1 ELSE 0 END`,
  `CREATE OR REPLACE MACRO ps_round(x, d) AS CASE
    WHEN x IS NULL OR d IS NULL THEN NULL
    WHEN x = 0 OR isinf(CAST(x AS DOUBLE)) OR isnan(CAST(x AS DOUBLE)) THEN CAST(x AS DOUBLE)
    WHEN ps_exp(x) + 1 + d >= 15 THEN sign(x) * CAST(ps_sci(x) AS DOUBLE)
    WHEN ps_exp(x) + 1 + d < 0 THEN CAST(0 AS DOUBLE)
    ELSE sign(x) * CAST(CAST(ps_head(ps_sig(x), 15 - (ps_exp(x) + 1 + d)) AS VARCHAR) || 'e' || CAST(-d AS VARCHAR) AS DOUBLE) + CAST(0 AS DOUBLE) END`,
];
