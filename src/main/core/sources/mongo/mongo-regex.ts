/**
 * LIKE and MATCHES patterns as PCRE for MongoDB's `$regexMatch` (run with option `s`, UTF-8
 * mode), behaving like the evaluator's RegExps (regex-pattern.ts, like-pattern.ts):
 * - literal characters are written `\x{hex}`, so nothing in a pattern is read as syntax by accident;
 * - `\d \w \s` become explicit ASCII classes (PCRE's own would follow its locale tables);
 * - `$` becomes `\z`: PCRE's `$` also matches before a final line break, SQL's does not.
 */
import { isAsciiAlphanumeric, translateRegex, type RegexSpelling } from '../../rules/regex-translate.js';

const hex = (ch: string): string => `\\x{${ch.codePointAt(0)!.toString(16)}}`;

export function likeToPcre(pattern: string): string {
  let out = '^';
  for (const ch of pattern) {
    if (ch === '%') out += '.*';
    else if (ch === '_') out += '.';
    else out += hex(ch);
  }
  return `${out}\\z`;
}

const PCRE_SPELLING: RegexSpelling = {
  classBody: { d: '0-9', w: 'A-Za-z0-9_', s: '\\t\\n\\x{0b}\\f\\r ' },
  escaped: (ch) => (isAsciiAlphanumeric(ch) ? `\\${ch}` : hex(ch)),
  // A literal `[` or `\` inside a class would be read as syntax by PCRE.
  inClass: (ch) => (ch === '[' || ch === '\\' ? hex(ch) : ch),
  outside: (ch) => (ch === '$' ? '\\z' : ch),
};

/** A pattern of the portable subset (checked at import) in PCRE syntax. */
export function regexToPcre(pattern: string): string {
  return translateRegex(pattern, PCRE_SPELLING);
}
