/**
 * LIKE as the rule language defines it: case-sensitive, `%` any run of characters, `_` exactly
 * one character, no escape character. SQLite's LIKE is case-insensitive for ASCII, so SQLite
 * gets the same pattern as a GLOB; the evaluator gets an anchored RegExp.
 */
const cache = new Map<string, RegExp>();

export function likeToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let source = '^';
  for (const ch of pattern) {
    if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += `\\u{${ch.codePointAt(0)!.toString(16)}}`;
  }
  // `s`: `%` and `_` match line breaks too; `u`: `_` is one code point, as in SQL.
  re = new RegExp(`${source}$`, 'su');
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, re);
  return re;
}

export function likeMatches(value: string, pattern: string): boolean {
  return likeToRegExp(pattern).test(value);
}

/** The GLOB pattern equivalent to a LIKE pattern; GLOB's own wildcards are bracketed. */
export function likeToGlob(pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '%') out += '*';
    else if (ch === '_') out += '?';
    else if (ch === '*' || ch === '?' || ch === '[') out += `[${ch}]`;
    else out += ch;
  }
  return out;
}
