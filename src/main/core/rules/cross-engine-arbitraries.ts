/**
 * Well-typed rules over the cross-engine fixture (cross-engine-fixture.ts): every expression the
 * checker would accept, with NULL literals, division by zero, case variants, patterns and
 * date/timestamp mixes, so the engines and the evaluator can be compared record by record.
 */
import fc from 'fast-check';
import type { AggregateFunction, ArithmeticOp, ComparisonOp, Expr, ScalarFunction } from '../../../shared/rule-ast.js';
import type { JoinSpec, Rule } from '../../../shared/rule.js';

type Kind = 'num' | 'text' | 'date' | 'ts' | 'bool';

const col = (name: string, table?: string): Expr => (table ? { kind: 'column', table, name } : { kind: 'column', name });
const call = (fn: ScalarFunction, ...args: Expr[]): Expr => ({ kind: 'call', fn, args });
const NULL: Expr = { kind: 'null' };

const numLit = fc.constantFrom(0, 1, -1, 2, 0.5, 0.1, 0.3, 2.5, 75, 100, -3, 1e6, 0.15, 2.675, 7).map((value): Expr => ({ kind: 'number', value }));
const textLit = fc
  .constantFrom('', 'abc', 'ABC', 'Abc', 'abc ', 'a_c', 'b', 'é', 'É', 'x😀', 'X😀', 'INV-001', 'a\nb', 'x', 'X', 'zz', "O'Brien", 'é', 'É')
  .map((value): Expr => ({ kind: 'string', value }));
const dateLit = fc
  .constantFrom('2024-01-31', '2024-02-29', '2024-03-01', '2023-12-31', '2024-03-09', '2024-03-10', '2024-03-31', '1999-12-31')
  .map((value): Expr => ({ kind: 'date', value }));
const likePatterns = fc.constantFrom('abc', 'a%', '%c', 'a_c', '%', '_', '', 'A%', '%[x]%', '*%', '%?', 'a\\%', '%é%', '_😀', '%\n%', '% ', 'INV-%', 'a%c');
const regexPatterns = fc.constantFrom('^a', 'c$', '^[A-Z]+$', '\\d', '^\\w+$', '\\s', 'a.b', '^(abc|ABC)$', 'b{1,2}', '[^a-z]', 'x😀', '^.{3}$', '^$', '\\.', '\\[', '\\*', 'É', '^[a-c]*$', 'INV-\\d{3}');

export interface Columns {
  num: Expr[];
  text: Expr[];
  date: Expr[];
  ts: Expr[];
  bool: Expr[];
}

export const BASE_COLUMNS: Columns = {
  num: [col('i'), col('r'), col('q'), col('gi')],
  text: [col('s'), col('s2'), col('g')],
  date: [col('d'), col('d2')],
  ts: [col('ts')],
  bool: [col('b')],
};

export const JOIN_COLUMNS: Columns = {
  ...BASE_COLUMNS,
  num: [...BASE_COLUMNS.num, col('amount', 'u'), col('tid', 'u'), col('id', 'u')],
  text: [...BASE_COLUMNS.text, col('label', 'u')],
};

class ExprGen {
  private readonly memo = new Map<string, fc.Arbitrary<Expr>>();
  constructor(private readonly cols: Columns) {}

  of(kind: Kind, depth: number): fc.Arbitrary<Expr> {
    const key = `${kind}:${depth}`;
    let arb = this.memo.get(key);
    if (!arb) {
      arb = this.make(kind, depth);
      this.memo.set(key, arb);
    }
    return arb;
  }

  private leaf(kind: Kind): fc.Arbitrary<Expr> {
    const columns = fc.constantFrom(...this.cols[kind]);
    const lit = { num: numLit, text: textLit, date: dateLit, ts: dateLit, bool: fc.boolean().map((value): Expr => ({ kind: 'boolean', value })) }[kind];
    const literal = kind === 'ts' ? columns : lit;
    return fc.oneof({ weight: 6, arbitrary: columns }, { weight: 4, arbitrary: literal }, { weight: 1, arbitrary: fc.constant(NULL) });
  }

  private make(kind: Kind, depth: number): fc.Arbitrary<Expr> {
    const leaf = this.leaf(kind);
    if (depth <= 0) return kind === 'bool' ? fc.oneof(leaf, this.comparison(0)) : leaf;
    const d = depth - 1;
    const sub = (k: Kind) => this.of(k, d);
    switch (kind) {
      case 'num':
        return fc.oneof(
          { weight: 4, arbitrary: leaf },
          {
            weight: 4,
            arbitrary: fc
              .tuple(fc.constantFrom<ArithmeticOp>('+', '-', '*', '/'), sub('num'), sub('num'))
              .map(([op, left, right]): Expr => ({ kind: 'arithmetic', op, left, right })),
          },
          { weight: 1, arbitrary: sub('num').map((operand): Expr => ({ kind: 'negate', operand })) },
          { weight: 1, arbitrary: sub('text').map((a) => call('length', a)) },
          { weight: 1, arbitrary: sub('num').map((a) => call('abs', a)) },
          {
            weight: 1,
            arbitrary: fc
              .tuple(sub('num'), fc.constantFrom(undefined, 0, 1, 2, -1))
              .map(([a, digits]) => (digits === undefined ? call('round', a) : call('round', a, { kind: 'number', value: digits }))),
          },
          { weight: 1, arbitrary: fc.oneof(sub('date'), sub('ts')).map((a) => call('year', a)) },
          { weight: 1, arbitrary: fc.oneof(sub('date'), sub('ts')).map((a) => call('month', a)) },
          { weight: 2, arbitrary: fc.tuple(fc.oneof(sub('date'), sub('ts')), fc.oneof(sub('date'), sub('ts'))).map(([a, b]) => call('days_between', a, b)) },
          { weight: 1, arbitrary: fc.array(sub('num'), { minLength: 1, maxLength: 3 }).map((args) => call('coalesce', ...args)) },
        );
      case 'text':
        return fc.oneof(
          { weight: 5, arbitrary: leaf },
          { weight: 2, arbitrary: sub('text').map((a) => call('lower', a)) },
          { weight: 2, arbitrary: sub('text').map((a) => call('upper', a)) },
          { weight: 1, arbitrary: sub('text').map((a) => call('trim', a)) },
          { weight: 1, arbitrary: fc.array(sub('text'), { minLength: 1, maxLength: 3 }).map((args) => call('coalesce', ...args)) },
        );
      case 'date':
        return fc.oneof(
          { weight: 5, arbitrary: leaf },
          { weight: 1, arbitrary: fc.oneof(sub('ts'), sub('date')).map((a) => call('date', a)) },
          { weight: 1, arbitrary: fc.constant(call('today')) },
          { weight: 1, arbitrary: fc.tuple(sub('date'), sub('date')).map(([a, b]) => call('coalesce', a, b)) },
        );
      case 'ts':
        return fc.oneof(
          { weight: 4, arbitrary: leaf },
          { weight: 1, arbitrary: fc.tuple(sub('ts'), fc.oneof(sub('date'), sub('ts'))).map(([a, b]) => call('coalesce', a, b)) },
        );
      case 'bool':
        return fc.oneof(
          { weight: 2, arbitrary: leaf },
          { weight: 6, arbitrary: this.comparison(d) },
          {
            weight: 3,
            arbitrary: fc
              .tuple(fc.constantFrom<'AND' | 'OR'>('AND', 'OR'), sub('bool'), sub('bool'))
              .map(([op, left, right]): Expr => ({ kind: 'logical', op, left, right })),
          },
          { weight: 1, arbitrary: sub('bool').map((operand): Expr => ({ kind: 'not', operand })) },
          { weight: 2, arbitrary: this.membership(d) },
          {
            weight: 1,
            arbitrary: fc
              .tuple(fc.constantFrom<Kind>('num', 'text', 'date', 'ts', 'bool'), fc.boolean())
              .chain(([k, negated]) => this.of(k, d).map((operand): Expr => ({ kind: 'is_null', operand, negated }))),
          },
          {
            weight: 2,
            arbitrary: fc
              .tuple(sub('text'), likePatterns, fc.boolean())
              .map(([operand, p, negated]): Expr => ({ kind: 'like', operand, pattern: { kind: 'string', value: p }, negated })),
          },
          {
            weight: 2,
            arbitrary: fc
              .tuple(sub('text'), regexPatterns, fc.boolean())
              .map(([operand, p, negated]): Expr => ({ kind: 'matches', operand, pattern: { kind: 'string', value: p }, negated })),
          },
        );
      default: {
        const never: never = kind;
        throw new Error(`unhandled kind ${String(never)}`);
      }
    }
  }

  /** Two operands of comparable types: same type, or a date against a timestamp. */
  private pair(depth: number): fc.Arbitrary<[Expr, Expr, boolean]> {
    const same = (k: Kind, ordered = true) => fc.tuple(this.of(k, depth), this.of(k, depth), fc.constant(ordered));
    return fc.oneof(
      { weight: 4, arbitrary: same('num') },
      { weight: 3, arbitrary: same('text') },
      { weight: 2, arbitrary: same('date') },
      { weight: 1, arbitrary: same('ts') },
      { weight: 2, arbitrary: fc.tuple(this.of('ts', depth), this.of('date', depth), fc.constant(true)) },
      { weight: 1, arbitrary: fc.tuple(this.of('date', depth), this.of('ts', depth), fc.constant(true)) },
      // Boolean operands stay leaves: a deeper boolean would recurse into comparisons again.
      { weight: 1, arbitrary: fc.tuple(this.leaf('bool'), this.leaf('bool'), fc.constant(true)) },
    );
  }

  private comparison(depth: number): fc.Arbitrary<Expr> {
    return fc
      .tuple(this.pair(depth), fc.constantFrom<ComparisonOp>('=', '<>', '<', '<=', '>', '>='))
      .map(([[left, right], op]): Expr => ({ kind: 'compare', op, left, right }));
  }

  private membership(depth: number): fc.Arbitrary<Expr> {
    const kinds: Kind[] = ['num', 'text', 'date', 'ts'];
    return fc.constantFrom(...kinds).chain((k) => {
      const item = k === 'ts' ? fc.oneof(this.leaf('date'), this.leaf('ts')) : this.leaf(k);
      const inList = fc
        .tuple(this.of(k, depth), fc.array(item, { minLength: 1, maxLength: 4 }), fc.boolean())
        .map(([operand, list, negated]): Expr => ({ kind: 'in', operand, list, negated }));
      const between = fc
        .tuple(this.of(k, depth), item, item, fc.boolean())
        .map(([operand, low, high, negated]): Expr => ({ kind: 'between', operand, low, high, negated }));
      return fc.oneof(inList, between);
    });
  }
}

const baseGen = new ExprGen(BASE_COLUMNS);
const joinGen = new ExprGen(JOIN_COLUMNS);

function ruleShell(id: string): Omit<Rule, 'target'> {
  return { id, title: id, severity: 'medium', status: 'active', origin: 'manual', version: 1 };
}

const JOIN_ON: Expr = { kind: 'compare', op: '=', left: col('tid', 'u'), right: col('id', 't') };

/** Record rules over `t`, sometimes joined to `u` (inner or left). */
export function recordRuleArbitrary(depth = 3): fc.Arbitrary<Rule> {
  return fc.constantFrom<'none' | 'inner' | 'left'>('none', 'none', 'none', 'inner', 'left').chain((joinKind) => {
    const gen = joinKind === 'none' ? baseGen : joinGen;
    const join: JoinSpec[] | undefined = joinKind === 'none' ? undefined : [{ table: 'u', on: JOIN_ON, type: joinKind }];
    return fc
      .tuple(fc.option(gen.of('bool', 2), { nil: undefined, freq: 2 }), gen.of('bool', depth), fc.boolean())
      .map(([when, condition, direct]): Rule => ({
        ...ruleShell('generated'),
        target: { connection: 'x', table: 't', key: join ? ['id', 'u.id'] : ['id'], join },
        ...(when === undefined ? {} : { when }),
        ...(direct ? { violation: condition } : { require: condition }),
      }));
  });
}

const exactNum = fc.oneof(
  fc.constantFrom(col('i'), col('q'), col('gi')),
  fc
    .tuple(fc.constantFrom<ArithmeticOp>('+', '-', '*'), fc.constantFrom(col('i'), col('q'), col('gi')), fc.constantFrom(col('q'), col('gi'), { kind: 'number', value: 2 } as Expr))
    .map(([op, left, right]): Expr => ({ kind: 'arithmetic', op, left, right })),
);
const anyColumn = fc.constantFrom(col('i'), col('r'), col('q'), col('s'), col('s2'), col('d'), col('ts'), col('b'), col('g'));
const agg = (fn: AggregateFunction, arg: Expr | null, distinct = false): Expr => ({ kind: 'aggregate', fn, arg, distinct });

/** Numeric aggregates whose sums stay exact, so float summation order cannot matter. */
const aggNum: fc.Arbitrary<Expr> = fc.oneof(
  fc.constant(agg('count', null)),
  fc.tuple(anyColumn, fc.boolean()).map(([c, distinct]) => agg('count', c, distinct)),
  fc.tuple(fc.constantFrom<AggregateFunction>('sum', 'avg'), exactNum, fc.boolean()).map(([fn, a, distinct]) => agg(fn, a, distinct)),
  fc.tuple(fc.constantFrom<AggregateFunction>('min', 'max'), fc.constantFrom(col('i'), col('r'), col('q'))).map(([fn, a]) => agg(fn, a)),
);

const aggCondition = (groupBy: string[]): fc.Arbitrary<Expr> => {
  const leaves: Array<fc.Arbitrary<Expr>> = [
    fc
      .tuple(aggNum, fc.oneof(numLit, aggNum), fc.constantFrom<ComparisonOp>('=', '<>', '<', '<=', '>', '>='))
      .map(([left, right, op]): Expr => ({ kind: 'compare', op, left, right })),
    fc
      .tuple(aggNum, aggNum, numLit, fc.constantFrom<ArithmeticOp>('/', '+', '*'))
      .map(([a, b, lit, op]): Expr => ({ kind: 'compare', op: '>', left: { kind: 'arithmetic', op, left: a, right: b }, right: lit })),
    fc
      .tuple(fc.constantFrom<AggregateFunction>('min', 'max'), fc.constantFrom(col('s'), col('s2')), textLit, fc.constantFrom<ComparisonOp>('<', '>=', '='))
      .map(([fn, c, lit, op]): Expr => ({ kind: 'compare', op, left: agg(fn, c), right: lit })),
    fc
      .tuple(fc.constantFrom<AggregateFunction>('min', 'max'), fc.constantFrom(col('d'), col('ts')), dateLit, fc.constantFrom<ComparisonOp>('<', '>=', '<>'))
      .map(([fn, c, lit, op]): Expr => ({ kind: 'compare', op, left: agg(fn, c), right: lit })),
    fc.tuple(fc.constantFrom<AggregateFunction>('min', 'max'), fc.boolean()).map(([fn, v]): Expr => ({ kind: 'compare', op: '=', left: agg(fn, col('b')), right: { kind: 'boolean', value: v } })),
    fc.tuple(aggNum, fc.boolean()).map(([operand, negated]): Expr => ({ kind: 'is_null', operand, negated })),
  ];
  if (groupBy.includes('gi')) leaves.push(numLit.map((right): Expr => ({ kind: 'compare', op: '>', left: col('gi'), right })));
  if (groupBy.includes('g')) leaves.push(textLit.map((right): Expr => ({ kind: 'compare', op: '<>', left: col('g'), right })));
  const leaf = fc.oneof(...leaves);
  const node = fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom<'AND' | 'OR'>('AND', 'OR'), leaf, leaf).map(([op, left, right]): Expr => ({ kind: 'logical', op, left, right })) },
    { weight: 1, arbitrary: leaf.map((operand): Expr => ({ kind: 'not', operand })) },
  );
  return node;
};

/** Group rules over `t`, grouped by text, number, date, boolean columns or not at all. */
export function groupRuleArbitrary(): fc.Arbitrary<Rule> {
  return fc.constantFrom<string[]>(['g'], ['gi'], ['g', 'gi'], ['d'], ['b'], ['ts'], []).chain((groupBy) =>
    fc
      .tuple(fc.option(baseGen.of('bool', 1), { nil: undefined, freq: 2 }), aggCondition(groupBy), fc.boolean())
      .map(([when, condition, direct]): Rule => ({
        ...ruleShell('generated-group'),
        target: { connection: 'x', table: 't', key: groupBy },
        groupBy,
        ...(when === undefined ? {} : { when }),
        ...(direct ? { violation: condition } : { require: condition }),
      })),
  );
}
