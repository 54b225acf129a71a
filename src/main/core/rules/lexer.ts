import { AppError } from '../../../shared/errors.js';

/**
 * Tokens of the rule expression language. `start`/`end` are offsets into the source text so
 * errors can point at (and the UI can underline) the exact place.
 */
export type TokenKind = 'number' | 'string' | 'ident' | 'quoted' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The source text of the token. */
  text: string;
  /** number: the numeric value; string/quoted: the unescaped content; ident/op: the text. */
  value: string | number;
  start: number;
  end: number;
}

/** Words that cannot be bare column names; the printer quotes columns spelled like them. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'not',
  'in',
  'between',
  'like',
  'matches',
  'is',
  'null',
  'true',
  'false',
  'date',
  'distinct',
]);

export const BARE_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

const OPERATORS = ['<>', '!=', '<=', '>=', '(', ')', ',', '.', '*', '+', '-', '/', '=', '<', '>'];

export interface SourceLocation {
  line: number;
  column: number;
}

/** 1-based line and column of an offset. */
export function locate(text: string, position: number): SourceLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

/** " at column 7", or " at line 2, column 7" when the text spans several lines. */
export function describeLocation(text: string, position: number): string {
  const { line, column } = locate(text, position);
  return text.includes('\n') ? ` at line ${line}, column ${column}` : ` at column ${column}`;
}

/**
 * Throws the RULE_SYNTAX error every syntax problem becomes. `message` reads without a location;
 * the location is appended here so all messages say it the same way.
 */
export function syntaxError(
  text: string,
  position: number,
  message: string,
  options: { expected?: string[]; length?: number; hint?: string; found?: string } = {},
): AppError {
  const { line, column } = locate(text, position);
  const found = options.found ? `, found ${options.found}` : '';
  const hint = options.hint ? ` ${options.hint}` : '';
  return new AppError('RULE_SYNTAX', `${message}${describeLocation(text, position)}${found}.${hint}`, {
    position,
    line,
    column,
    length: options.length ?? 1,
    expected: options.expected ?? [],
  });
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function isIdentStart(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z_]/.test(ch);
}

function isIdentPart(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_]/.test(ch);
}

/** Reads a quoted run (`'...'` or `"..."`) where a doubled quote stands for one quote. */
function readQuoted(text: string, start: number, quote: "'" | '"'): { value: string; end: number } | null {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === quote) {
      if (text[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += ch;
    i++;
  }
  return null;
}

function readNumber(text: string, start: number): Token {
  let i = start;
  while (isDigit(text[i])) i++;
  if (text[i] === '.') {
    if (!isDigit(text[i + 1])) throw syntaxError(text, i + 1, 'Expected digits after the decimal point');
    i++;
    while (isDigit(text[i])) i++;
  }
  if (text[i] === 'e' || text[i] === 'E') {
    let j = i + 1;
    if (text[j] === '+' || text[j] === '-') j++;
    if (!isDigit(text[j])) throw syntaxError(text, j, 'Expected digits in the exponent of the number');
    while (isDigit(text[j])) j++;
    i = j;
  }
  if (isIdentPart(text[i])) {
    throw syntaxError(text, i, `Unexpected '${text[i]}' right after the number ${text.slice(start, i)}`, {
      hint: 'Put a space or an operator between a number and a name.',
    });
  }
  const raw = text.slice(start, i);
  const value = Number(raw);
  if (!Number.isFinite(value)) {
    throw syntaxError(text, start, `The number ${raw} is too large`, { length: raw.length });
  }
  return { kind: 'number', text: raw, value, start, end: i };
}

/** Splits expression text into tokens; the last token is always `eof`. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (isDigit(ch)) {
      const token = readNumber(text, i);
      tokens.push(token);
      i = token.end;
      continue;
    }
    if (isIdentStart(ch)) {
      let j = i + 1;
      while (isIdentPart(text[j])) j++;
      const word = text.slice(i, j);
      tokens.push({ kind: 'ident', text: word, value: word, start: i, end: j });
      i = j;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const read = readQuoted(text, i, ch);
      if (read === null) {
        const what = ch === "'" ? 'string' : 'quoted name';
        throw syntaxError(text, i, `Unterminated ${what} starting`, {
          expected: [ch],
          length: text.length - i,
          hint: `Close it with ${ch} (write ${ch}${ch} for a ${ch} inside it).`,
        });
      }
      if (ch === '"' && read.value === '') {
        throw syntaxError(text, i, 'Empty quoted name ""', { length: 2 });
      }
      tokens.push({
        kind: ch === "'" ? 'string' : 'quoted',
        text: text.slice(i, read.end),
        value: read.value,
        start: i,
        end: read.end,
      });
      i = read.end;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op !== undefined) {
      tokens.push({ kind: 'op', text: op, value: op, start: i, end: i + op.length });
      i += op.length;
      continue;
    }
    const shown = ch === '`' ? '`' : ch;
    const hint =
      ch === '`' || ch === '[' ? 'Quote a column name with double quotes: "Cost Center".' : undefined;
    throw syntaxError(text, i, `Unexpected character '${shown}'`, hint ? { hint } : {});
  }
  tokens.push({ kind: 'eof', text: '', value: '', start: text.length, end: text.length });
  return tokens;
}
