import fc from 'fast-check';
import type { AggregateFunction, Expr, ScalarFunction } from '../../../shared/rule-ast.js';

/**
 * A fast-check arbitrary for syntactically valid expressions (any shape the parser accepts,
 * not necessarily well-typed). Shared by the round-trip tests and anyone who needs random ASTs.
 */
export interface ExprArbitraryOptions {
  /** Nesting depth of generated trees (default 4). */
  maxDepth?: number;
  /** Column references to draw from; default: generated names, including awkward ones. */
  columns?: Array<{ table?: string; name: string }>;
  /** Include aggregate nodes (default true). */
  aggregates?: boolean;
}

const awkwardNames = fc.constantFrom(
  'amount',
  'Amount',
  '_x1',
  'Cost Center',
  'say "hi"',
  'date',
  'null',
  'AND',
  'lower',
  'today',
  'été',
  '1st',
  'a.b',
);
const simpleName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
const anyName = fc.string({ minLength: 1, maxLength: 8, unit: 'binary' });
const identifier = fc.oneof({ weight: 4, arbitrary: simpleName }, { weight: 2, arbitrary: awkwardNames }, { weight: 1, arbitrary: anyName });

function columnArbitrary(columns: ExprArbitraryOptions['columns']): fc.Arbitrary<Expr> {
  if (columns && columns.length > 0) {
    return fc.constantFrom(...columns).map((c): Expr =>
      c.table === undefined ? { kind: 'column', name: c.name } : { kind: 'column', table: c.table, name: c.name },
    );
  }
  return fc.tuple(fc.option(identifier, { nil: undefined, freq: 3 }), identifier).map(([table, name]): Expr =>
    table === undefined ? { kind: 'column', name } : { kind: 'column', table, name },
  );
}

/** Valid calendar dates only: the parser rejects impossible ones. */
const dateLiteral = fc
  .date({ min: new Date(Date.UTC(1, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true })
  .map((d): Expr => ({ kind: 'date', value: d.toISOString().slice(0, 10) }));

function literalArbitrary(): fc.Arbitrary<Expr> {
  return fc.oneof(
    fc.integer({ min: -1000, max: 1000 }).map((value): Expr => ({ kind: 'number', value })),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((value): Expr => ({ kind: 'number', value })),
    fc.string({ maxLength: 8, unit: 'binary' }).map((value): Expr => ({ kind: 'string', value })),
    fc.boolean().map((value): Expr => ({ kind: 'boolean', value })),
    fc.constant<Expr>({ kind: 'null' }),
    dateLiteral.filter((e) => e.kind === 'date' && /^\d{4}-/.test(e.value)),
  );
}

const ARITY: Record<ScalarFunction, number[]> = {
  lower: [1],
  upper: [1],
  length: [1],
  trim: [1],
  abs: [1],
  round: [1, 2],
  coalesce: [2, 3],
  date: [1],
  year: [1],
  month: [1],
  days_between: [2],
  today: [0],
};

export function exprArbitrary(options: ExprArbitraryOptions = {}): fc.Arbitrary<Expr> {
  const maxDepth = options.maxDepth ?? 4;
  const withAggregates = options.aggregates ?? true;
  const leaf = fc.oneof({ weight: 3, arbitrary: literalArbitrary() }, { weight: 2, arbitrary: columnArbitrary(options.columns) });

  const { expr } = fc.letrec<{ expr: Expr }>((tie) => {
    const sub = tie('expr');
    const bool = fc.boolean();
    const call = fc
      .constantFrom(...(Object.keys(ARITY) as ScalarFunction[]))
      .chain((fn) =>
        fc.constantFrom(...ARITY[fn]).chain((n) => {
          if (fn === 'round' && n === 2) {
            return fc
              .tuple(sub, fc.integer({ min: 0, max: 4 }))
              .map(([x, digits]): Expr => ({ kind: 'call', fn, args: [x, { kind: 'number', value: digits }] }));
          }
          return fc.array(sub, { minLength: n, maxLength: n }).map((args): Expr => ({ kind: 'call', fn, args }));
        }),
      );
    const aggregate = fc
      .constantFrom<AggregateFunction>('count', 'sum', 'min', 'max', 'avg')
      .chain((fn): fc.Arbitrary<Expr> => {
        if (fn !== 'count') return sub.map((arg): Expr => ({ kind: 'aggregate', fn, arg, distinct: false }));
        return fc.oneof(
          fc.constant<Expr>({ kind: 'aggregate', fn, arg: null, distinct: false }),
          fc.tuple(sub, bool).map(([arg, distinct]): Expr => ({ kind: 'aggregate', fn, arg, distinct })),
        );
      });
    const nodes: Array<fc.Arbitrary<Expr>> = [
      sub.map((operand): Expr => ({ kind: 'negate', operand })),
      sub.map((operand): Expr => ({ kind: 'not', operand })),
      fc
        .tuple(fc.constantFrom('+', '-', '*', '/' as const), sub, sub)
        .map(([op, left, right]): Expr => ({ kind: 'arithmetic', op, left, right })),
      fc
        .tuple(fc.constantFrom('=', '<>', '<', '<=', '>', '>=' as const), sub, sub)
        .map(([op, left, right]): Expr => ({ kind: 'compare', op, left, right })),
      fc
        .tuple(fc.constantFrom('AND', 'OR' as const), sub, sub)
        .map(([op, left, right]): Expr => ({ kind: 'logical', op, left, right })),
      fc
        .tuple(sub, fc.array(sub, { minLength: 1, maxLength: 3 }), bool)
        .map(([operand, list, negated]): Expr => ({ kind: 'in', operand, list, negated })),
      fc
        .tuple(sub, sub, sub, bool)
        .map(([operand, low, high, negated]): Expr => ({ kind: 'between', operand, low, high, negated })),
      fc.tuple(sub, bool).map(([operand, negated]): Expr => ({ kind: 'is_null', operand, negated })),
      fc.tuple(sub, sub, bool).map(([operand, pattern, negated]): Expr => ({ kind: 'like', operand, pattern, negated })),
      fc
        .tuple(sub, sub, bool)
        .map(([operand, pattern, negated]): Expr => ({ kind: 'matches', operand, pattern, negated })),
      call,
    ];
    if (withAggregates) nodes.push(aggregate);
    return {
      expr: fc.oneof({ depthSize: 'small', maxDepth, withCrossShrink: true }, leaf, leaf, ...nodes),
    };
  });
  return expr;
}
