/**
 * MATCHES patterns (the portable subset in docs/rule-language.md) as JavaScript RegExps that
 * behave like PostgreSQL's `~` under the "C" collation: `.` matches any character including a
 * line break, `\d \w \s` are ASCII classes, and escaped punctuation is literal. The evaluator and
 * SQLite's registered function both use this translation.
 */
import { isAsciiAlphanumeric, translateRegex, type RegexSpelling } from './regex-translate.js';

const cache = new Map<string, RegExp | null>();

const JS_SPELLING: RegexSpelling = {
  classBody: { d: '0-9', w: 'A-Za-z0-9_', s: '\\t\\n\\v\\f\\r ' },
  escaped: (ch) => (isAsciiAlphanumeric(ch) ? `\\${ch}` : `\\u{${ch.codePointAt(0)!.toString(16)}}`),
  inClass: (ch) => ch,
  outside: (ch) => ch,
};

/** The compiled pattern, or null when it is not a valid expression. */
export function toRegExp(pattern: string): RegExp | null {
  if (cache.has(pattern)) return cache.get(pattern)!;
  let re: RegExp | null;
  try {
    re = new RegExp(translateRegex(pattern, JS_SPELLING), 'su');
  } catch {
    re = null;
  }
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** NULL when the pattern is invalid (the checker rejects such rules before they run). */
export function regexMatches(value: string, pattern: string): boolean | null {
  const re = toRegExp(pattern);
  return re ? re.test(value) : null;
}
