import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { isCalendarDate, parseExpression, tryParseExpression } from './parser.js';

const col = (name: string, table?: string) => (table === undefined ? { kind: 'column', name } : { kind: 'column', table, name });
const num = (value: number) => ({ kind: 'number', value });

function syntaxErrorOf(text: string): { message: string; details: Record<string, unknown> } {
  try {
    parseExpression(text);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('RULE_SYNTAX');
    return { message: (error as AppError).message, details: (error as AppError).details ?? {} };
  }
  throw new Error(`expected a syntax error for ${text}`);
}

describe('parseExpression: literals and columns', () => {
  it('reads numbers, including decimals, exponents and negative literals', () => {
    expect(parseExpression('75')).toEqual(num(75));
    expect(parseExpression('-1.5')).toEqual(num(-1.5));
    expect(parseExpression('1e3')).toEqual(num(1000));
    expect(parseExpression('2.5E-2')).toEqual(num(0.025));
    expect(parseExpression('-(5)')).toEqual({ kind: 'negate', operand: num(5) });
    expect(parseExpression('- -5')).toEqual({ kind: 'negate', operand: num(-5) });
  });

  it("reads strings with '' escapes and keeps their content verbatim", () => {
    expect(parseExpression("'it''s'")).toEqual({ kind: 'string', value: "it's" });
    expect(parseExpression("''")).toEqual({ kind: 'string', value: '' });
    expect(parseExpression("'a\nb'")).toEqual({ kind: 'string', value: 'a\nb' });
  });

  it('reads TRUE / FALSE / NULL in any case', () => {
    expect(parseExpression('true')).toEqual({ kind: 'boolean', value: true });
    expect(parseExpression('False')).toEqual({ kind: 'boolean', value: false });
    expect(parseExpression('null')).toEqual({ kind: 'null' });
  });

  it('reads DATE literals and validates the calendar', () => {
    expect(parseExpression("DATE '2024-02-29'")).toEqual({ kind: 'date', value: '2024-02-29' });
    expect(parseExpression("date '2024-01-31'")).toEqual({ kind: 'date', value: '2024-01-31' });
    const bad = syntaxErrorOf("DATE '2024-02-30'");
    expect(bad.message).toContain("'2024-02-30' is not a valid date at column 6");
    expect(syntaxErrorOf("DATE '2023-02-29'").message).toContain('not a valid date');
    expect(syntaxErrorOf("DATE '2024-1-5'").message).toContain('not a valid date');
  });

  it('reads plain, qualified and quoted column names', () => {
    expect(parseExpression('amount')).toEqual(col('amount'));
    expect(parseExpression('expenses.amount')).toEqual(col('amount', 'expenses'));
    expect(parseExpression('"Cost Center"')).toEqual(col('Cost Center'));
    expect(parseExpression('"say ""hi"""')).toEqual(col('say "hi"'));
    expect(parseExpression('"My Table"."Cost Center"')).toEqual(col('Cost Center', 'My Table'));
    expect(parseExpression('t."and"')).toEqual(col('and', 't'));
    expect(parseExpression('"and"')).toEqual(col('and'));
  });

  it('treats date as a column unless a string or ( follows', () => {
    expect(parseExpression('date > DATE \'2024-01-01\'')).toEqual({
      kind: 'compare',
      op: '>',
      left: col('date'),
      right: { kind: 'date', value: '2024-01-01' },
    });
    expect(parseExpression('date(created_at)')).toEqual({ kind: 'call', fn: 'date', args: [col('created_at')] });
  });
});

describe('parseExpression: operators and precedence', () => {
  it('reads != as <>', () => {
    expect(parseExpression('a != 1')).toEqual({ kind: 'compare', op: '<>', left: col('a'), right: num(1) });
  });

  it('binds * tighter than + and both tighter than comparison', () => {
    expect(parseExpression('a + b * 2 > 3')).toEqual({
      kind: 'compare',
      op: '>',
      left: { kind: 'arithmetic', op: '+', left: col('a'), right: { kind: 'arithmetic', op: '*', left: col('b'), right: num(2) } },
      right: num(3),
    });
  });

  it('is left-associative for - and /', () => {
    expect(parseExpression('a - b - c')).toEqual({
      kind: 'arithmetic',
      op: '-',
      left: { kind: 'arithmetic', op: '-', left: col('a'), right: col('b') },
      right: col('c'),
    });
  });

  it('orders NOT > AND > OR', () => {
    const e = parseExpression('NOT a OR b AND c');
    expect(e).toEqual({
      kind: 'logical',
      op: 'OR',
      left: { kind: 'not', operand: col('a') },
      right: { kind: 'logical', op: 'AND', left: col('b'), right: col('c') },
    });
    expect(parseExpression('NOT a = 1')).toEqual({ kind: 'not', operand: { kind: 'compare', op: '=', left: col('a'), right: num(1) } });
  });

  it('binds unary minus tighter than *', () => {
    expect(parseExpression('-a * b')).toEqual({
      kind: 'arithmetic',
      op: '*',
      left: { kind: 'negate', operand: col('a') },
      right: col('b'),
    });
  });

  it('reads IN, NOT IN, BETWEEN, LIKE, MATCHES and IS [NOT] NULL', () => {
    expect(parseExpression("x in ('a', 'b')")).toEqual({
      kind: 'in',
      operand: col('x'),
      list: [{ kind: 'string', value: 'a' }, { kind: 'string', value: 'b' }],
      negated: false,
    });
    expect(parseExpression('x NOT IN (1)')).toMatchObject({ kind: 'in', negated: true });
    expect(parseExpression('x BETWEEN 1 AND 10 AND y')).toEqual({
      kind: 'logical',
      op: 'AND',
      left: { kind: 'between', operand: col('x'), low: num(1), high: num(10), negated: false },
      right: col('y'),
    });
    expect(parseExpression('x not between a + 1 and b')).toMatchObject({ kind: 'between', negated: true });
    expect(parseExpression("x LIKE 'INV-%'")).toEqual({
      kind: 'like',
      operand: col('x'),
      pattern: { kind: 'string', value: 'INV-%' },
      negated: false,
    });
    expect(parseExpression("x NOT MATCHES '^a'")).toMatchObject({ kind: 'matches', negated: true });
    expect(parseExpression('x IS NULL')).toEqual({ kind: 'is_null', operand: col('x'), negated: false });
    expect(parseExpression('x is not null')).toEqual({ kind: 'is_null', operand: col('x'), negated: true });
  });

  it('reads functions case-insensitively and aggregates', () => {
    expect(parseExpression('LOWER(name)')).toEqual({ kind: 'call', fn: 'lower', args: [col('name')] });
    expect(parseExpression('round(x, 2)')).toEqual({ kind: 'call', fn: 'round', args: [col('x'), num(2)] });
    expect(parseExpression('today()')).toEqual({ kind: 'call', fn: 'today', args: [] });
    expect(parseExpression('COUNT(*)')).toEqual({ kind: 'aggregate', fn: 'count', arg: null, distinct: false });
    expect(parseExpression('count(distinct vendor)')).toEqual({ kind: 'aggregate', fn: 'count', arg: col('vendor'), distinct: true });
    expect(parseExpression('Sum(value)')).toEqual({ kind: 'aggregate', fn: 'sum', arg: col('value'), distinct: false });
  });

  it('keeps function names usable as column names', () => {
    expect(parseExpression('lower = 1')).toMatchObject({ left: col('lower') });
  });
});

describe('parseExpression: errors point at the problem', () => {
  it('reports the missing ) of an IN list at the right column', () => {
    const { message, details } = syntaxErrorOf("status IN ('a', 'b' 'c') AND x");
    expect(message).toBe("Expected ')' after the IN list at column 21, found the string 'c'.");
    expect(details).toMatchObject({ position: 20, line: 1, column: 21, length: 3, expected: [')'] });
  });

  it('reports an unterminated string where it starts', () => {
    const { message, details } = syntaxErrorOf("name = 'abc");
    expect(message).toMatch(/^Unterminated string starting at column 8\./);
    expect(details.position).toBe(7);
  });

  it('reports an unterminated quoted name', () => {
    expect(syntaxErrorOf('"Cost Center = 1').message).toMatch(/^Unterminated quoted name starting at column 1/);
  });

  it('reports a missing operand after an operator', () => {
    expect(syntaxErrorOf('amount >').message).toBe("Expected an expression after '>' at column 9, found end of text.");
    expect(syntaxErrorOf('a AND').message).toBe("Expected an expression after 'AND' at column 6, found end of text.");
    expect(syntaxErrorOf('(a + ) > 1').message).toContain("after '+' at column 6");
  });

  it('reports trailing garbage', () => {
    const { message, details } = syntaxErrorOf('amount > 5 receipt');
    expect(message).toMatch(/^Unexpected 'receipt' at column 12\./);
    expect(details.length).toBe(7);
    expect(syntaxErrorOf('a = 1)').message).toMatch(/^Unexpected '\)' at column 6/);
  });

  it('lists the known functions for an unknown one', () => {
    const { message } = syntaxErrorOf('upperr(name) = 1');
    expect(message).toContain("Unknown function 'upperr' at column 1");
    expect(message).toContain('lower, upper, length, trim');
    expect(message).toContain('count, sum, min, max, avg');
  });

  it('rejects a bad date literal, an empty expression and an empty IN list', () => {
    expect(syntaxErrorOf("d = DATE '2024-02-30'").details.column).toBe(10);
    expect(syntaxErrorOf('   ').message).toMatch(/^The expression is empty/);
    expect(syntaxErrorOf('x IN ()').message).toMatch(/IN list needs at least one value at column 7/);
  });

  it('rejects chained comparisons and double predicates', () => {
    expect(syntaxErrorOf('a < b < c').message).toMatch(/^Comparisons cannot be chained at column 7/);
    expect(syntaxErrorOf('a IS NULL IS NULL').message).toMatch(/after a complete condition at column 11/);
  });

  it('explains misplaced keywords and bad characters', () => {
    expect(syntaxErrorOf('a IS 5').message).toMatch(/^Expected NULL after IS at column 6/);
    expect(syntaxErrorOf('a NOT = 5').message).toMatch(/^Expected IN, BETWEEN, LIKE or MATCHES after NOT at column 7/);
    expect(syntaxErrorOf('x BETWEEN 1 OR 2').message).toMatch(/Expected AND between the two bounds of BETWEEN at column 13/);
    expect(syntaxErrorOf('in = 1').message).toContain('write "in"');
    expect(syntaxErrorOf('a ; b').message).toMatch(/^Unexpected character ';' at column 3/);
    expect(syntaxErrorOf('`a` = 1').message).toContain('double quotes');
    expect(syntaxErrorOf('12abc').message).toMatch(/right after the number 12 at column 3/);
    expect(syntaxErrorOf('1e999').message).toMatch(/too large/);
    expect(syntaxErrorOf('1.').message).toMatch(/decimal point/);
    expect(syntaxErrorOf('a.b.c').message).toMatch(/not with more parts/);
    expect(syntaxErrorOf('"" = 1').message).toMatch(/Empty quoted name/);
  });

  it('rejects aggregate misuse', () => {
    expect(syntaxErrorOf('sum(*)').message).toMatch(/Only count accepts \* at column 5/);
    expect(syntaxErrorOf('count()').message).toContain('count(*)');
    expect(syntaxErrorOf('sum(distinct x)').message).toMatch(/DISTINCT is only supported in count/);
    expect(syntaxErrorOf('max(a, b)').message).toMatch(/takes one argument/);
    expect(syntaxErrorOf('a * 2 = *').message).toContain('count(*)');
  });

  it('gives line and column for multi-line text', () => {
    const { message, details } = syntaxErrorOf('a = 1\nAND b IN (1\n');
    expect(message).toBe("Expected ')' after the IN list at line 3, column 1, found end of text.");
    expect(details).toMatchObject({ line: 3, column: 1 });
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(syntaxErrorOf('('.repeat(5000) + '1' + ')'.repeat(5000)).message).toMatch(/nested too deeply/);
    expect(syntaxErrorOf('-'.repeat(5000) + 'x').message).toMatch(/nested too deeply/);
  });
});

describe('tryParseExpression', () => {
  it('returns the expression or the error as a value', () => {
    expect(tryParseExpression('a = 1')).toEqual({ ok: true, expr: { kind: 'compare', op: '=', left: col('a'), right: num(1) } });
    const result = tryParseExpression('a = ');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ position: 4, line: 1, column: 5, expected: ['an expression'] });
  });
});

describe('isCalendarDate', () => {
  it('knows leap years and month lengths', () => {
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2024-04-31')).toBe(false);
    expect(isCalendarDate('2024-12-31')).toBe(true);
    expect(isCalendarDate('2024-13-01')).toBe(false);
    expect(isCalendarDate('0000-01-01')).toBe(false);
  });
});
