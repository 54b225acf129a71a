import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exprSchema, type Expr } from '../../../shared/rule-ast.js';
import { exprArbitrary } from './expr-arbitrary.js';
import { parseExpression } from './parser.js';
import { printExpression, printIdentifier } from './printer.js';

const roundTrip = (text: string): string => printExpression(parseExpression(text));

describe('printExpression', () => {
  it('prints canonical text with minimal parentheses', () => {
    expect(roundTrip('amount>75 and receipt=true')).toBe('amount > 75 AND receipt = TRUE');
    expect(roundTrip('(a + b) * c')).toBe('(a + b) * c');
    expect(roundTrip('a + (b * c)')).toBe('a + b * c');
    expect(roundTrip('a - (b - c)')).toBe('a - (b - c)');
    expect(roundTrip('(a - b) - c')).toBe('a - b - c');
    expect(roundTrip('(a OR b) AND c')).toBe('(a OR b) AND c');
    expect(roundTrip('a OR (b AND c)')).toBe('a OR b AND c');
    expect(roundTrip('NOT (a AND b)')).toBe('NOT (a AND b)');
    expect(roundTrip('(a = b) = c')).toBe('(a = b) = c');
    expect(roundTrip('(NOT a) = b')).toBe('(NOT a) = b');
    expect(roundTrip('x != 1')).toBe('x <> 1');
  });

  it('keeps negative literals and negations apart', () => {
    expect(roundTrip('-5')).toBe('-5');
    expect(roundTrip('-(5)')).toBe('-(5)');
    expect(roundTrip('x - -5')).toBe('x - -5');
    expect(roundTrip('-(-x)')).toBe('-(-x)');
    expect(roundTrip('-(a + b)')).toBe('-(a + b)');
    expect(printExpression({ kind: 'number', value: -0 })).toBe('-0');
    expect(Object.is((parseExpression('-0') as { value: number }).value, -0)).toBe(true);
  });

  it('prints predicates, functions and literals', () => {
    expect(roundTrip("x not in ('a','b''c')")).toBe("x NOT IN ('a', 'b''c')");
    expect(roundTrip('x between 1 and 2')).toBe('x BETWEEN 1 AND 2');
    expect(roundTrip('x BETWEEN (a AND b) AND c')).toBe('x BETWEEN (a AND b) AND c');
    expect(roundTrip('x is not null')).toBe('x IS NOT NULL');
    expect(roundTrip("x like 'A%'")).toBe("x LIKE 'A%'");
    expect(roundTrip("x not matches '^a$'")).toBe("x NOT MATCHES '^a$'");
    expect(roundTrip('ROUND(x, 2)')).toBe('round(x, 2)');
    expect(roundTrip('count(distinct x) > 1 and count(*) < SUM(y)')).toBe('count(DISTINCT x) > 1 AND count(*) < sum(y)');
    expect(roundTrip("date '2024-01-31'")).toBe("DATE '2024-01-31'");
    expect(roundTrip('null')).toBe('NULL');
  });

  it('quotes identifiers only when needed', () => {
    expect(printIdentifier('amount')).toBe('amount');
    expect(printIdentifier('_A1')).toBe('_A1');
    expect(printIdentifier('Cost Center')).toBe('"Cost Center"');
    expect(printIdentifier('1st')).toBe('"1st"');
    expect(printIdentifier('And')).toBe('"And"');
    expect(printIdentifier('date')).toBe('"date"');
    expect(printIdentifier('say "hi"')).toBe('"say ""hi"""');
    expect(roundTrip('"t x".amount')).toBe('"t x".amount');
  });
});

describe('parse ∘ print round trip (property)', () => {
  it('parse(print(e)) equals e and printing is a fixed point', () => {
    fc.assert(
      fc.property(exprArbitrary(), (expr: Expr) => {
        const text = printExpression(expr);
        const parsed = parseExpression(text);
        expect(parsed).toEqual(expr);
        expect(printExpression(parsed)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('generates ASTs that satisfy the shared zod schema', () => {
    fc.assert(
      fc.property(exprArbitrary({ maxDepth: 3 }), (expr: Expr) => {
        expect(exprSchema.safeParse(expr).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('honours the columns and aggregates options', () => {
    const columns = [{ name: 'amount' }, { table: 'v', name: 'Cost Center' }];
    fc.assert(
      fc.property(exprArbitrary({ columns, aggregates: false }), (expr: Expr) => {
        const json = JSON.stringify(expr);
        expect(json).not.toContain('"aggregate"');
        for (const m of json.matchAll(/"kind":"column"[^}]*"name":"([^"]*)"/g)) {
          expect(['amount', 'Cost Center']).toContain(m[1]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
