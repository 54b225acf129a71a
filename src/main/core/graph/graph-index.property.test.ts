import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleGraph } from '../../../shared/api/graph.js';
import type { Expr } from '../../../shared/rule-ast.js';
import type { Rule } from '../../../shared/rule.js';
import { exprArbitrary } from '../rules/expr-arbitrary.js';
import { buildRuleGraph } from './build-rule-graph.js';
import { createGraphIndex } from './graph-index.js';

/** A small schema so that rules often share columns, which is where the edges are. */
const TABLES: Record<string, string[]> = { orders: ['id', 'amount', 'status'], customers: ['id', 'status', 'tier'] };
const REFS = Object.entries(TABLES).flatMap(([table, columns]) => columns.flatMap((name) => [{ name }, { table, name }]));

const expr = (): fc.Arbitrary<Expr> => exprArbitrary({ maxDepth: 2, columns: REFS, aggregates: false });
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

const ruleArbitrary: fc.Arbitrary<Rule> = fc
  .record({
    id: fc.constantFrom('r1', 'r2', 'r3', 'r4', 'r5'),
    title: fc.constantFrom('One', 'Two'),
    description: maybe(fc.constantFrom('why', 'because')),
    connection: fc.constantFrom('main', 'main', 'other'),
    table: fc.constantFrom('orders', 'customers', null),
    key: fc.subarray(['id', 'status', 'customers.tier']),
    join: maybe(expr()),
    when: maybe(expr()),
    check: expr(),
    direct: fc.boolean(),
    groupBy: maybe(fc.subarray(['status', 'customers.tier', 'amount'], { minLength: 1 })),
    status: fc.constantFrom('draft', 'active', 'inactive'),
    severity: fc.constantFrom('low', 'high'),
  })
  .map((r): Rule => {
    const base = r.table ?? 'orders';
    const other = base === 'orders' ? 'customers' : 'orders';
    return {
      id: r.id,
      title: r.title,
      ...(r.description !== undefined ? { description: r.description } : {}),
      severity: r.severity,
      target: {
        connection: r.connection,
        ...(r.table === null ? { query: 'SELECT id, amount FROM orders' } : { table: r.table }),
        key: r.key,
        ...(r.join !== undefined ? { join: [{ table: other, on: r.join, type: 'left' as const }] } : {}),
      },
      ...(r.when !== undefined ? { when: r.when } : {}),
      ...(r.direct ? { violation: r.check } : { require: r.check }),
      ...(r.groupBy !== undefined ? { groupBy: r.groupBy } : {}),
      status: r.status,
      origin: 'manual',
      version: 1,
    };
  });

type Step = { op: 'update'; rule: Rule } | { op: 'remove'; id: string };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: ruleArbitrary.map((rule): Step => ({ op: 'update', rule })) },
  { weight: 1, arbitrary: fc.constantFrom('r1', 'r2', 'r3', 'r4', 'r5', 'r9').map((id): Step => ({ op: 'remove', id })) },
);

const withoutRevision = (graph: RuleGraph): Omit<RuleGraph, 'revision'> => {
  const { revision: _revision, ...rest } = graph;
  return rest;
};

describe('createGraphIndex', () => {
  it('equals a full rebuild after any sequence of adds, changes and removals', () => {
    fc.assert(
      fc.property(fc.array(ruleArbitrary, { maxLength: 4 }), fc.array(stepArbitrary, { minLength: 1, maxLength: 25 }), (initial, steps) => {
        const model = new Map(initial.map((r) => [r.id, r]));
        const index = createGraphIndex(initial);
        let previous = buildRuleGraph([...model.values()]);
        expect(withoutRevision(index.graph())).toEqual(withoutRevision(previous));
        for (const step of steps) {
          const before = index.revision;
          if (step.op === 'update') model.set(step.rule.id, step.rule);
          else model.delete(step.id);
          const reported = step.op === 'update' ? index.update(step.rule) : index.remove(step.id);
          const expected = buildRuleGraph([...model.values()]);
          expect(withoutRevision(index.graph())).toEqual(withoutRevision(expected));
          // The revision moves exactly when the graph does.
          const graphChanged = JSON.stringify(expected) !== JSON.stringify(previous);
          expect(reported).toBe(graphChanged);
          expect(index.revision).toBe(graphChanged ? before + 1 : before);
          previous = expected;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('leaves the revision and the graph object alone when a change does not touch the graph', () => {
    const rule: Rule = {
      id: 'r',
      title: 'T',
      severity: 'low',
      target: { connection: 'c', table: 't', key: ['id'] },
      require: { kind: 'column', name: 'ok' },
      status: 'active',
      origin: 'manual',
      version: 1,
    };
    const index = createGraphIndex([rule]);
    const graph = index.graph();
    expect(index.update({ ...rule, description: 'reworded', version: 2 })).toBe(false);
    expect(index.graph()).toBe(graph);
    expect(index.update({ ...rule, status: 'inactive' })).toBe(true);
    expect(index.revision).toBe(2);
    expect(index.graph().nodes[0]).toMatchObject({ status: 'inactive' });
    expect(index.remove('missing')).toBe(false);
  });
});
