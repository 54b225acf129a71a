/**
 * One walk over a MATCHES pattern of the portable subset (see regex-subset.ts), shared by every
 * engine that needs the pattern respelled: the evaluator's JavaScript RegExp (regex-pattern.ts),
 * MySQL/MariaDB's REGEXP (compile/mysql-regex.ts) and MongoDB's PCRE (sources/mongo/mongo-regex.ts).
 * The walk decides what is an escape, a bracket expression or a plain character, so the engines
 * cannot disagree on the pattern's structure; each engine only says how to write the pieces.
 */
export interface RegexSpelling {
  /** The inside of an ASCII class for `\d`, `\w`, `\s`, without the brackets. */
  classBody: Readonly<Record<'d' | 'w' | 's', string>>;
  /** A backslash followed by any other character. */
  escaped(ch: string): string;
  /** A character inside a bracket expression, including the `]` that closes it. */
  inClass(ch: string): string;
  /** A character outside bracket expressions (a lone trailing backslash included). */
  outside(ch: string): string;
}

function classBodyOf(spelling: RegexSpelling, letter: string): string | undefined {
  return letter === 'd' || letter === 'w' || letter === 's' ? spelling.classBody[letter] : undefined;
}

export function translateRegex(pattern: string, spelling: RegexSpelling): string {
  let out = '';
  let inClass = false;
  // Code points, so an astral character is one character, as in every engine's matcher.
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i += 1) {
    const ch = chars[i]!;
    if (ch === '\\' && i + 1 < chars.length) {
      const next = chars[++i]!;
      const body = classBodyOf(spelling, next);
      if (body !== undefined) out += inClass ? body : `[${body}]`;
      else out += spelling.escaped(next);
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += spelling.inClass(ch);
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
    out += spelling.outside(ch);
  }
  return out;
}

/** An escaped letter or digit stays an escape; an escaped anything else is that character, literally. */
export function isAsciiAlphanumeric(ch: string): boolean {
  return /[A-Za-z0-9]/.test(ch);
}
