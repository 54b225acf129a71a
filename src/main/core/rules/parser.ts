import {
  AGGREGATE_FUNCTIONS,
  SCALAR_FUNCTIONS,
  type AggregateFunction,
  type ComparisonOp,
  type Expr,
  type ScalarFunction,
} from '../../../shared/rule-ast.js';
import { AppError } from '../../../shared/errors.js';
import { RESERVED_WORDS, syntaxError, tokenize, type Token } from './lexer.js';

export type ParseResult =
  | { ok: true; expr: Expr }
  | {
      ok: false;
      error: { message: string; position: number; line: number; column: number; length: number; expected: string[] };
    };

const COMPARISON_OPS: Record<string, ComparisonOp> = {
  '=': '=',
  '<>': '<>',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

/** Words that start a predicate after an operand (`x IN`, `x NOT LIKE`, `x IS NULL`). */
const PREDICATE_WORDS = new Set(['in', 'between', 'like', 'matches', 'is', 'not']);

/** Guards the recursion against pathological input such as ten thousand parentheses. */
const MAX_DEPTH = 200;

/** A valid calendar date in `YYYY-MM-DD` (years 0001–9999). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 ? (leap ? 29 : 28) : daysInMonth);
}

function knownFunctions(): string {
  return [...SCALAR_FUNCTIONS, ...AGGREGATE_FUNCTIONS].join(', ');
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  parse(): Expr {
    if (this.peek().kind === 'eof') throw syntaxError(this.text, 0, 'The expression is empty', { expected: ['an expression'] });
    const expr = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'eof') {
      throw this.error(next, `Unexpected ${this.describe(next)}`, [], {
        hint: this.isOperandStart(next)
          ? 'Two values follow each other without an operator; add one (AND, =, +, …) or remove one.'
          : 'Remove it or complete the expression before it.',
      });
    }
    return expr;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private previous(): Token | undefined {
    return this.index > 0 ? this.tokens[this.index - 1] : undefined;
  }

  private isWord(token: Token, word: string): boolean {
    return token.kind === 'ident' && token.text.toLowerCase() === word;
  }

  private isOp(token: Token, op: string): boolean {
    return token.kind === 'op' && token.text === op;
  }

  private isOperandStart(token: Token): boolean {
    if (token.kind === 'number' || token.kind === 'string' || token.kind === 'quoted') return true;
    if (token.kind === 'ident') return !RESERVED_WORDS.has(token.text.toLowerCase()) || ['true', 'false', 'null', 'date'].includes(token.text.toLowerCase());
    return this.isOp(token, '(') || this.isOp(token, '-');
  }

  private describe(token: Token): string {
    switch (token.kind) {
      case 'eof':
        return 'end of text';
      case 'ident':
        return RESERVED_WORDS.has(token.text.toLowerCase()) ? `keyword ${token.text.toUpperCase()}` : `'${token.text}'`;
      case 'number':
        return `the number ${token.text}`;
      case 'string':
        return `the string ${token.text}`;
      case 'quoted':
        return `the name ${token.text}`;
      case 'op':
        return `'${token.text}'`;
      default: {
        const never: never = token.kind;
        throw new Error(`unhandled token kind ${String(never)}`);
      }
    }
  }

  private error(
    at: Token,
    message: string,
    expected: string[] = [],
    options: { hint?: string; length?: number } = {},
  ): AppError {
    return syntaxError(this.text, at.start, message, {
      expected,
      ...(message.startsWith('Expected') ? { found: this.describe(at) } : {}),
      length: options.length ?? Math.max(1, at.end - at.start),
      ...(options.hint ? { hint: options.hint } : {}),
    });
  }

  private expectOp(op: string, context: string): Token {
    const token = this.peek();
    if (!this.isOp(token, op)) throw this.error(token, `Expected '${op}' ${context}`, [op]);
    return this.advance();
  }

  private afterPrevious(): string {
    const prev = this.previous();
    if (!prev) return 'at the start';
    const shown = prev.kind === 'ident' && RESERVED_WORDS.has(prev.text.toLowerCase()) ? prev.text.toUpperCase() : prev.text;
    return `after '${shown}'`;
  }

  private nest<T>(at: Token, fn: () => T): T {
    if (++this.depth > MAX_DEPTH) throw this.error(at, 'The expression is nested too deeply');
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isWord(this.peek(), 'or')) {
      this.advance();
      left = { kind: 'logical', op: 'OR', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isWord(this.peek(), 'and')) {
      this.advance();
      left = { kind: 'logical', op: 'AND', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): Expr {
    const token = this.peek();
    if (this.isWord(token, 'not')) {
      this.advance();
      return this.nest(token, () => ({ kind: 'not', operand: this.parseNot() }));
    }
    return this.parsePredicate();
  }

  private parsePredicate(): Expr {
    const operand = this.parseAdditive();
    const result = this.parsePredicateTail(operand);
    if (result === null) return operand;
    const next = this.peek();
    if (next.kind === 'op' && next.text in COMPARISON_OPS) {
      throw this.error(next, `Comparisons cannot be chained`, [], {
        hint: 'Combine them with AND (a < b AND b < c) or add parentheses.',
      });
    }
    if (next.kind === 'ident' && PREDICATE_WORDS.has(next.text.toLowerCase())) {
      throw this.error(next, `Unexpected ${this.describe(next)} after a complete condition`, [], {
        hint: 'Combine conditions with AND / OR, or add parentheses.',
      });
    }
    return result;
  }

  /** The predicate that follows `operand`, or null when none does. */
  private parsePredicateTail(operand: Expr): Expr | null {
    const token = this.peek();
    if (token.kind === 'op' && token.text in COMPARISON_OPS) {
      this.advance();
      return { kind: 'compare', op: COMPARISON_OPS[token.text]!, left: operand, right: this.parseAdditive() };
    }
    if (token.kind !== 'ident') return null;
    const word = token.text.toLowerCase();
    if (word === 'is') {
      this.advance();
      const negated = this.isWord(this.peek(), 'not');
      if (negated) this.advance();
      const nullToken = this.peek();
      if (!this.isWord(nullToken, 'null')) {
        throw this.error(nullToken, `Expected NULL after IS${negated ? ' NOT' : ''}`, ['NULL'], {
          hint: 'Only IS NULL and IS NOT NULL exist; compare values with = or <>.',
        });
      }
      this.advance();
      return { kind: 'is_null', operand, negated };
    }
    let negated = false;
    if (word === 'not') {
      const after = this.peek(1);
      if (!['in', 'between', 'like', 'matches'].some((w) => this.isWord(after, w))) {
        this.advance();
        throw this.error(after, 'Expected IN, BETWEEN, LIKE or MATCHES after NOT', ['IN', 'BETWEEN', 'LIKE', 'MATCHES']);
      }
      this.advance();
      negated = true;
    }
    const keyword = this.peek();
    switch (keyword.text.toLowerCase()) {
      case 'in':
        this.advance();
        return { kind: 'in', operand, list: this.parseInList(), negated };
      case 'between': {
        this.advance();
        const low = this.parseAdditive();
        const and = this.peek();
        if (!this.isWord(and, 'and')) throw this.error(and, 'Expected AND between the two bounds of BETWEEN', ['AND']);
        this.advance();
        return { kind: 'between', operand, low, high: this.parseAdditive(), negated };
      }
      case 'like':
        this.advance();
        return { kind: 'like', operand, pattern: this.parseAdditive(), negated };
      case 'matches':
        this.advance();
        return { kind: 'matches', operand, pattern: this.parseAdditive(), negated };
      default:
        return null;
    }
  }

  private parseInList(): Expr[] {
    const open = this.peek();
    if (!this.isOp(open, '(')) throw this.error(open, "Expected '(' after IN", ['(']);
    this.advance();
    if (this.isOp(this.peek(), ')')) {
      throw this.error(this.peek(), 'An IN list needs at least one value', [], { hint: "Write x IN ('a', 'b')." });
    }
    const list: Expr[] = [this.nest(open, () => this.parseOr())];
    while (this.isOp(this.peek(), ',')) {
      this.advance();
      list.push(this.nest(open, () => this.parseOr()));
    }
    this.expectOp(')', 'after the IN list');
    return list;
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    for (;;) {
      const token = this.peek();
      if (!this.isOp(token, '+') && !this.isOp(token, '-')) return left;
      this.advance();
      left = { kind: 'arithmetic', op: token.text as '+' | '-', left, right: this.parseMultiplicative() };
    }
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      if (!this.isOp(token, '*') && !this.isOp(token, '/')) return left;
      this.advance();
      left = { kind: 'arithmetic', op: token.text as '*' | '/', left, right: this.parseUnary() };
    }
  }

  private parseUnary(): Expr {
    const token = this.peek();
    if (!this.isOp(token, '-')) return this.parsePrimary();
    this.advance();
    const next = this.peek();
    // A minus written directly before a number literal is part of the literal: `-5` is the number -5.
    // `-(5)` stays a negation, so both shapes print back to themselves.
    if (next.kind === 'number') {
      this.advance();
      return { kind: 'number', value: -(next.value as number) };
    }
    return this.nest(token, () => ({ kind: 'negate', operand: this.parseUnary() }));
  }

  private parsePrimary(): Expr {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
        this.advance();
        return { kind: 'number', value: token.value as number };
      case 'string':
        this.advance();
        return { kind: 'string', value: token.value as string };
      case 'quoted':
        this.advance();
        return this.parseColumn(token.value as string);
      case 'ident':
        return this.parseWord(token);
      case 'op':
        if (token.text === '(') {
          this.advance();
          const inner = this.nest(token, () => this.parseOr());
          const close = this.peek();
          if (!this.isOp(close, ')')) {
            throw this.error(close, `Expected ')' to close the '(' opened at column ${token.start + 1}`, [')']);
          }
          this.advance();
          return inner;
        }
        if (token.text === '*') {
          throw this.error(token, `Expected an expression ${this.afterPrevious()}`, ['an expression'], {
            hint: '* stands for all rows only in count(*).',
          });
        }
        throw this.error(token, `Expected an expression ${this.afterPrevious()}`, ['an expression']);
      case 'eof':
        throw this.error(token, `Expected an expression ${this.afterPrevious()}`, ['an expression']);
      default: {
        const never: never = token.kind;
        throw new Error(`unhandled token kind ${String(never)}`);
      }
    }
  }

  private parseWord(token: Token): Expr {
    const word = token.text.toLowerCase();
    const next = this.peek(1);
    if (word === 'true' || word === 'false') {
      this.advance();
      return { kind: 'boolean', value: word === 'true' };
    }
    if (word === 'null') {
      this.advance();
      return { kind: 'null' };
    }
    if (word === 'date' && next.kind === 'string') {
      this.advance();
      this.advance();
      const value = next.value as string;
      if (!isCalendarDate(value)) {
        throw this.error(next, `'${value}' is not a valid date`, [], {
          hint: "Write DATE 'YYYY-MM-DD' with a real calendar date, e.g. DATE '2024-01-31'.",
        });
      }
      return { kind: 'date', value };
    }
    if (this.isOp(next, '(')) return this.parseCall(token);
    // `date` alone is a column: DATE literals and date() are told apart by what follows.
    if (RESERVED_WORDS.has(word) && word !== 'date') {
      throw this.error(token, `Expected an expression ${this.afterPrevious()}`, ['an expression'], {
        hint: `${word.toUpperCase()} is a keyword; to name a column called ${token.text}, write "${token.text}".`,
      });
    }
    this.advance();
    return this.parseColumn(token.text);
  }

  private parseColumn(first: string): Expr {
    if (!this.isOp(this.peek(), '.')) return { kind: 'column', name: first };
    this.advance();
    const name = this.peek();
    if (name.kind === 'quoted' || (name.kind === 'ident' && !RESERVED_WORDS.has(name.text.toLowerCase()))) {
      this.advance();
      if (this.isOp(this.peek(), '.')) {
        throw this.error(this.peek(), 'A column is written as name or table.name, not with more parts');
      }
      return { kind: 'column', table: first, name: String(name.value) };
    }
    if (name.kind === 'ident' && name.text.toLowerCase() === 'date') {
      this.advance();
      return { kind: 'column', table: first, name: name.text };
    }
    throw this.error(name, `Expected a column name after '${first}.'`, ['a column name']);
  }

  private parseCall(nameToken: Token): Expr {
    const fn = nameToken.text.toLowerCase();
    const isScalar = (SCALAR_FUNCTIONS as readonly string[]).includes(fn);
    const isAggregate = (AGGREGATE_FUNCTIONS as readonly string[]).includes(fn);
    if (!isScalar && !isAggregate) {
      throw this.error(nameToken, `Unknown function '${nameToken.text}'`, [], {
        hint: `Known functions: ${knownFunctions()}.`,
      });
    }
    this.advance();
    const open = this.advance();
    return this.nest(open, () => (isAggregate ? this.parseAggregate(fn as AggregateFunction) : this.parseScalar(fn as ScalarFunction)));
  }

  private parseScalar(fn: ScalarFunction): Expr {
    const args: Expr[] = [];
    if (!this.isOp(this.peek(), ')')) {
      args.push(this.parseOr());
      while (this.isOp(this.peek(), ',')) {
        this.advance();
        args.push(this.parseOr());
      }
    }
    this.expectOp(')', `after the arguments of ${fn}(`);
    return { kind: 'call', fn, args };
  }

  private parseAggregate(fn: AggregateFunction): Expr {
    const first = this.peek();
    if (this.isOp(first, '*')) {
      if (fn !== 'count') throw this.error(first, `Only count accepts *`, [], { hint: `Write ${fn}(column).` });
      this.advance();
      this.expectOp(')', 'after count(*');
      return { kind: 'aggregate', fn, arg: null, distinct: false };
    }
    let distinct = false;
    if (this.isWord(first, 'distinct')) {
      if (fn !== 'count') throw this.error(first, 'DISTINCT is only supported in count(DISTINCT x)');
      this.advance();
      distinct = true;
    }
    if (this.isOp(this.peek(), ')')) {
      throw this.error(this.peek(), `Expected an expression ${this.afterPrevious()}`, ['an expression'], {
        hint: fn === 'count' && !distinct ? 'Write count(*) to count rows.' : `Write ${fn}(column).`,
      });
    }
    const arg = this.parseOr();
    if (this.isOp(this.peek(), ',')) {
      throw this.error(this.peek(), `${fn}() takes one argument`);
    }
    this.expectOp(')', `after the argument of ${fn}(`);
    return { kind: 'aggregate', fn, arg, distinct };
  }
}

/** Parses rule expression text into the AST. Throws AppError('RULE_SYNTAX') pointing at the problem. */
export function parseExpression(text: string): Expr {
  return new Parser(text, tokenize(text)).parse();
}

/** Like parseExpression, but returns the error as a value (for editors that underline it). */
export function tryParseExpression(text: string): ParseResult {
  try {
    return { ok: true, expr: parseExpression(text) };
  } catch (error) {
    if (error instanceof AppError && error.code === 'RULE_SYNTAX') {
      const d = error.details ?? {};
      return {
        ok: false,
        error: {
          message: error.message,
          position: Number(d.position ?? 0),
          line: Number(d.line ?? 1),
          column: Number(d.column ?? 1),
          length: Number(d.length ?? 1),
          expected: Array.isArray(d.expected) ? d.expected.map(String) : [],
        },
      };
    }
    throw error;
  }
}
