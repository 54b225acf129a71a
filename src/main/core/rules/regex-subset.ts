/**
 * The portable regular-expression subset of MATCHES: patterns that mean the same in JavaScript
 * RegExp and in PostgreSQL's `~` (advanced regular expressions).
 *
 * Allowed: literal characters, `.`, `[...]`, `[^...]`, `*`, `+`, `?`, `{n}`, `{n,m}`, `^`, `$`, `|`,
 * `( )`, `\d \w \s`, and a backslash before ASCII punctuation.
 *
 * Where the two engines differ even inside that subset, `normalizePortableRegex` rewrites the
 * pattern into a form both read the same way, and `portableRegExp` picks the JavaScript flags:
 * - `\d \w \s` become explicit ASCII classes (PostgreSQL's follow the locale, JS's are fixed);
 * - an escaped punctuation character is kept escaped only where JS's `u` mode allows it;
 * - `.` matches any character including newlines (the `s` flag), as in PostgreSQL;
 * - characters are code points (the `u` flag), as in PostgreSQL.
 */

/** PostgreSQL refuses bounds above 255 (RE_DUP_MAX). */
const MAX_REPEAT = 255;

/** Punctuation JS accepts escaped in `u` mode outside a class. */
const JS_SYNTAX = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);

const CLASS_EXPANSION: Record<string, string> = {
  d: '0-9',
  w: 'A-Za-z0-9_',
  s: ' \t\n\r\f\v',
};

class RegexError extends Error {}

function isAsciiPunctuation(ch: string): boolean {
  return /^[!-/:-@[-`{-~]$/.test(ch);
}

/** Walks the pattern once, validating it and building the normalised form. */
class SubsetReader {
  private i = 0;
  private out = '';
  /** Code points, so astral characters count as one character, as in PostgreSQL. */
  private readonly chars: string[];

  constructor(pattern: string) {
    this.chars = Array.from(pattern);
  }

  run(): string {
    this.alternation(0);
    if (this.i < this.chars.length) {
      // Only an unmatched `)` stops the top-level alternation early.
      throw this.fail("has a ')' without a matching '('");
    }
    return this.out;
  }

  private fail(message: string, at = this.i): RegexError {
    return new RegexError(`${message} (at character ${at + 1})`);
  }

  private peek(offset = 0): string | undefined {
    return this.chars[this.i + offset];
  }

  private alternation(depth: number): void {
    this.sequence();
    while (this.peek() === '|') {
      this.out += '|';
      this.i++;
      this.sequence();
    }
    if (this.peek() === ')' && depth === 0) throw this.fail("has a ')' without a matching '('");
  }

  private sequence(): void {
    const start = this.i;
    while (this.i < this.chars.length && this.peek() !== '|' && this.peek() !== ')') {
      const quantifiable = this.atom();
      this.quantifier(quantifiable);
    }
    if (this.i === start) {
      throw this.fail("has an empty alternative (nothing between '|', '(' or ')'); remove the extra '|' or '()'");
    }
  }

  /** Reads one atom; returns whether a quantifier may follow it. */
  private atom(): boolean {
    const ch = this.peek()!;
    switch (ch) {
      case '(': {
        if (this.peek(1) === '?') {
          throw this.fail(
            "uses '(?', i.e. a non-capturing or named group, lookaround or inline flags; use plain '( )' and write flags out",
          );
        }
        const open = this.i;
        this.out += '(';
        this.i++;
        this.alternation(1);
        if (this.peek() !== ')') throw this.fail("has a '(' that is never closed", open);
        this.out += ')';
        this.i++;
        return true;
      }
      case '[':
        this.bracket();
        return true;
      case '\\':
        this.escape(false);
        return true;
      case '^':
      case '$':
        this.out += ch;
        this.i++;
        return false;
      case '.':
        this.out += ch;
        this.i++;
        return true;
      case '*':
      case '+':
      case '?':
        throw this.fail(`has '${ch}' with nothing to repeat before it`);
      case '{':
        throw this.fail("has a '{' that is not a repetition like a{2} or a{1,3}; write \\{ for a literal brace");
      case '}':
        throw this.fail("has a '}' without a repetition; write \\} for a literal brace");
      case ']':
        throw this.fail("has a ']' outside a [...] class; write \\] for a literal bracket");
      default:
        this.out += ch;
        this.i++;
        return true;
    }
  }

  private quantifier(quantifiable: boolean): void {
    const ch = this.peek();
    if (ch !== '*' && ch !== '+' && ch !== '?' && ch !== '{') return;
    if (!quantifiable) throw this.fail(`has '${ch}' after an anchor (^ or $), which cannot repeat`);
    if (ch === '{') {
      const rest = this.chars.slice(this.i).join('');
      const match = /^\{(\d+)(?:(,)(\d+)?)?\}/.exec(rest);
      if (!match) throw this.fail("has a '{' that is not a repetition like {2} or {1,3}; write \\{ for a literal brace");
      if (match[2] !== undefined && match[3] === undefined) {
        throw this.fail(`uses an open repetition {${match[1]},}; give an upper bound, e.g. {${match[1]},${MAX_REPEAT}}`);
      }
      const low = Number(match[1]);
      const high = match[3] === undefined ? low : Number(match[3]);
      if (high > MAX_REPEAT) throw this.fail(`repeats up to ${high} times; the limit is ${MAX_REPEAT}`);
      if (low > high) throw this.fail(`has a repetition {${low},${high}} whose lower bound exceeds the upper one`);
      this.out += match[0];
      this.i += match[0].length;
    } else {
      this.out += ch;
      this.i++;
    }
    const next = this.peek();
    if (next === '?') throw this.fail("uses a lazy quantifier (a '?' after a repetition); only greedy repetition is portable");
    if (next === '*' || next === '+' || next === '{') throw this.fail(`has '${next}' right after another repetition; group it: (a+)${next}`);
  }

  /** Reads `\x` outside (inClass false) or inside a class. Returns the class-escape letter, if any. */
  private escape(inClass: boolean): string | null {
    const at = this.i;
    const ch = this.peek(1);
    if (ch === undefined) throw this.fail('ends with a lone backslash', at);
    this.i += 2;
    if (ch === 'd' || ch === 'w' || ch === 's') {
      this.out += inClass ? CLASS_EXPANSION[ch] : `[${CLASS_EXPANSION[ch]}]`;
      return ch;
    }
    if (/[1-9]/.test(ch)) throw this.fail(`uses a backreference \\${ch}, which is not portable`, at);
    if (ch === 'b' || ch === 'B') throw this.fail(`uses the word boundary \\${ch}, which means different things in JavaScript and PostgreSQL`, at);
    if (ch === 'p' || ch === 'P') throw this.fail(`uses a Unicode property \\${ch}{...}, which is not portable`, at);
    if (ch === 'k') throw this.fail('uses a named backreference \\k<...>, which is not portable', at);
    if (isAsciiPunctuation(ch)) {
      const keepEscaped = JS_SYNTAX.has(ch) || (inClass && ch === '-');
      this.out += keepEscaped ? `\\${ch}` : ch;
      return null;
    }
    throw this.fail(`uses the escape \\${ch}, which is not in the portable subset (only \\d \\w \\s and \\ before punctuation)`, at);
  }

  private bracket(): void {
    const open = this.i;
    this.i++;
    this.out += '[';
    if (this.peek() === '^') {
      this.out += '^';
      this.i++;
    }
    if (this.peek() === ']') throw this.fail("has an empty class or a ']' first in a class; write \\] for a literal bracket");
    // The member just read: a character, null for \d \w \s, undefined at the start or after a range.
    let last: string | null | undefined;
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) throw this.fail("has a '[' that is never closed", open);
      if (ch === ']') {
        this.out += ']';
        this.i++;
        return;
      }
      if (ch === '-' && this.peek(1) !== ']' && last !== undefined) {
        const dash = this.i;
        this.out += '-';
        this.i++;
        const end = this.classMember();
        if (last === null || end === null) throw this.fail('has a range with \\d, \\w or \\s at one end', dash);
        if (last.codePointAt(0)! > end.codePointAt(0)!) throw this.fail(`has a range ${last}-${end} that runs backwards`, dash);
        last = undefined;
        continue;
      }
      if (ch === '-' && this.peek(1) !== ']' && this.out.at(-1) !== '[' && this.out.at(-1) !== '^') {
        throw this.fail("has a '-' right after a range; write \\- for a literal '-'");
      }
      last = this.classMember();
    }
  }

  /** One class member: a literal character or an escape. Returns the character, or null for \d \w \s. */
  private classMember(): string | null {
    const ch = this.peek();
    if (ch === undefined) throw this.fail("has a '[' that is never closed");
    if (ch === '\\') {
      const escaped = this.peek(1);
      const letter = this.escape(true);
      return letter === null ? (escaped ?? null) : null;
    }
    if (ch === '[') {
      const next = this.peek(1);
      if (next === ':' || next === '=' || next === '.') {
        throw this.fail(`uses a POSIX class [${next}...${next}], which JavaScript does not know; use \\d \\w \\s or a range such as a-z`);
      }
      throw this.fail("has a '[' inside a class; write \\[ for a literal bracket");
    }
    if (ch === ']') throw this.fail("has a range with no end; write \\- for a literal '-'");
    this.i++;
    this.out += ch;
    return ch;
  }
}

function read(pattern: string): string {
  return new SubsetReader(pattern).run();
}

/** null when `pattern` is in the portable subset, otherwise a message saying what to change. */
export function checkPortableRegex(pattern: string): string | null {
  if (pattern === '') return 'The pattern is empty; MATCHES needs a regular expression such as ^[A-Z]+$.';
  try {
    read(pattern);
    return null;
  } catch (error) {
    if (error instanceof RegexError) return `The pattern ${error.message}.`;
    throw error;
  }
}

/**
 * The pattern rewritten so JavaScript (with `portableRegExp`) and PostgreSQL `~` agree on it.
 * Throws when the pattern is outside the subset (call checkPortableRegex first for a message).
 */
export function normalizePortableRegex(pattern: string): string {
  const message = checkPortableRegex(pattern);
  if (message !== null) throw new Error(message);
  return read(pattern);
}

/** A JavaScript RegExp that behaves as PostgreSQL `~` does on the same (checked) pattern. */
export function portableRegExp(pattern: string): RegExp {
  return new RegExp(normalizePortableRegex(pattern), 'su');
}
