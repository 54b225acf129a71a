/**
 * LIKE and MATCHES patterns as PCRE for MongoDB's `$regexMatch` (run with option `s`, UTF-8
 * mode), behaving like the evaluator's RegExps (regex-pattern.ts, like-pattern.ts):
 * - literal characters are written `\x{hex}`, so nothing in a pattern is read as syntax by accident;
 * - `\d \w \s` become explicit ASCII classes (PCRE's own would follow its locale tables);
 * - `$` becomes `\z`: PCRE's `$` also matches before a final line break, SQL's does not.
 */

const CLASSES: Record<string, string> = { d: '0-9', w: 'A-Za-z0-9_', s: '\\t\\n\\x{0b}\\f\\r ' };

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

/** A pattern of the portable subset (checked at import) in PCRE syntax. */
export function regexToPcre(pattern: string): string {
  let out = '';
  let inClass = false;
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i += 1) {
    const ch = chars[i]!;
    if (ch === '\\' && i + 1 < chars.length) {
      const next = chars[++i]!;
      const body = CLASSES[next];
      if (body !== undefined) out += inClass ? body : `[${body}]`;
      else if (/[A-Za-z0-9]/.test(next)) out += `\\${next}`;
      else out += hex(next);
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch === '[' || ch === '\\' ? hex(ch) : ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      if (chars[i + 1] === '^') out += chars[++i];
      if (chars[i + 1] === ']') {
        out += '\\]';
        i += 1;
      }
      continue;
    }
    out += ch === '$' ? '\\z' : ch;
  }
  return out;
}
