/**
 * MATCHES patterns (the portable subset, see ../regex-subset.ts) rewritten for MariaDB's and
 * MySQL's REGEXP (PCRE / ICU), so they match what the evaluator's JavaScript RegExp matches:
 * - `(?s)` first: `.` also matches a line break, as in the evaluator;
 * - `$` becomes `\z`: PCRE's `$` also matches before a final line break, JavaScript's does not;
 * - `\d \w \s` become explicit ASCII classes (PCRE's `\s` and `\v` differ from JavaScript's);
 * - an escaped punctuation character stays escaped (literal in both).
 * Case sensitivity comes from the operand's binary collation (see mysql-dialect.ts).
 */
import { translateRegex, type RegexSpelling } from '../regex-translate.js';

const MYSQL_SPELLING: RegexSpelling = {
  classBody: {
    d: '0-9',
    w: 'A-Za-z0-9_',
    // Literal characters, not escapes: in PCRE `\v` inside a class is a whole class of line breaks.
    s: ' \t\n\r\f\u000b',
  },
  escaped: (ch) => `\\${ch}`,
  inClass: (ch) => ch,
  outside: (ch) => (ch === '$' ? '\\z' : ch),
};

export function mysqlRegexPattern(pattern: string): string {
  return `(?s)${translateRegex(pattern, MYSQL_SPELLING)}`;
}
