/**
 * MATCHES patterns (the portable subset in docs/rule-language.md) as JavaScript RegExps that
 * behave like PostgreSQL's `~` under the "C" collation: `.` matches any character including a
 * line break, `\d \w \s` are ASCII classes, and escaped punctuation is literal. The evaluator and
 * SQLite's registered function both use this translation.
 */
const cache = new Map<string, RegExp | null>();

const SPACE = '\\t\\n\\v\\f\\r ';
const WORD = 'A-Za-z0-9_';
const DIGIT = '0-9';

function classBody(letter: string): string | null {
  switch (letter) {
    case 'd':
      return DIGIT;
    case 'w':
      return WORD;
    case 's':
      return SPACE;
    default:
      return null;
  }
}

function translate(pattern: string): string {
  let out = '';
  let inClass = false;
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i += 1) {
    const ch = chars[i]!;
    if (ch === '\\' && i + 1 < chars.length) {
      const next = chars[++i]!;
      const body = classBody(next);
      if (body !== null) out += inClass ? body : `[${body}]`;
      else if (/[A-Za-z0-9]/.test(next)) out += `\\${next}`;
      else out += `\\u{${next.codePointAt(0)!.toString(16)}}`;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      // A `]` right after `[` or `[^` is a literal in POSIX brackets.
      if (chars[i + 1] === '^') out += chars[++i];
      if (chars[i + 1] === ']') {
        out += '\\]';
        i += 1;
      }
      continue;
    }
    out += ch;
  }
  return out;
}

/** The compiled pattern, or null when it is not a valid expression. */
export function toRegExp(pattern: string): RegExp | null {
  if (cache.has(pattern)) return cache.get(pattern)!;
  let re: RegExp | null;
  try {
    re = new RegExp(translate(pattern), 'su');
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
