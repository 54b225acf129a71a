import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode, RuleGraph } from '../../../shared/api/graph.js';
import { cycleEdgeIds, cycleLabels, nodeRadius, prepareGraph, sideListOrder, tableNeighbourhood } from './graph-layout.js';

const rule = (id: string, table = 'expenses'): GraphNode => ({ id: `rule:${id}`, kind: 'rule', label: `Title ${id}`, ruleId: id, connection: 'demo', table });
const nodes: GraphNode[] = [
  rule('a'),
  rule('b'),
  rule('c', 'orders'),
  { id: 'table:demo.expenses', kind: 'table', label: 'expenses', connection: 'demo', table: 'expenses' },
  { id: 'table:demo.orders', kind: 'table', label: 'orders', connection: 'demo', table: 'orders' },
  { id: 'column:demo.expenses.amount', kind: 'column', label: 'expenses.amount', connection: 'demo', table: 'expenses' },
  { id: 'column:demo.expenses.receipt', kind: 'column', label: 'expenses.receipt', connection: 'demo', table: 'expenses' },
];
const edge = (kind: GraphEdge['kind'], source: string, target: string): GraphEdge => ({ id: `${kind}:${source}->${target}`, kind, source, target, reason: `${kind} reason` });
const edges: GraphEdge[] = [
  edge('has-column', 'table:demo.expenses', 'column:demo.expenses.amount'),
  edge('has-column', 'table:demo.expenses', 'column:demo.expenses.receipt'),
  edge('reads', 'rule:a', 'column:demo.expenses.amount'),
  edge('reads', 'rule:a', 'column:demo.expenses.receipt'),
  edge('reads', 'rule:b', 'column:demo.expenses.amount'),
  edge('same-fields', 'rule:a', 'rule:b'),
  edge('depends-on', 'rule:a', 'rule:b'),
  edge('depends-on', 'rule:b', 'rule:a'),
  edge('depends-on', 'rule:c', 'rule:a'),
];
const graph: RuleGraph = { nodes, edges, cycles: [['rule:a', 'rule:b']], revision: 3 };

describe('cycles', () => {
  it('marks only the depends-on edges along a cycle', () => {
    expect([...cycleEdgeIds(graph)].sort()).toEqual(['depends-on:rule:a->rule:b', 'depends-on:rule:b->rule:a']);
  });
  it('accepts cycles written closed and says them by rule id', () => {
    const closed = { ...graph, cycles: [['rule:a', 'rule:b', 'rule:a']] };
    expect(cycleEdgeIds(closed).size).toBe(2);
    expect(cycleLabels(graph)).toEqual(['a → b → a']);
    expect(cycleLabels(closed)).toEqual(['a → b → a']);
  });
  it('finds no cycle edge when there is no cycle', () => {
    expect(cycleEdgeIds({ ...graph, cycles: [] }).size).toBe(0);
  });
});

describe('prepareGraph', () => {
  it('keeps every node and edge, sized by degree', () => {
    const prepared = prepareGraph(graph, { hideColumns: false });
    expect(prepared.nodes).toHaveLength(nodes.length);
    expect(prepared.links).toHaveLength(edges.length);
    const a = prepared.nodes.find((n) => n.id === 'rule:a')!;
    const c = prepared.nodes.find((n) => n.id === 'rule:c')!;
    expect(a.degree).toBe(6);
    expect(a.radius).toBeGreaterThan(c.radius);
    expect(prepared.links.filter((l) => l.inCycle)).toHaveLength(2);
  });
  it('folds column reads into one rule → table edge when columns are hidden', () => {
    const prepared = prepareGraph(graph, { hideColumns: true });
    expect(prepared.nodes.some((n) => n.kind === 'column')).toBe(false);
    const reads = prepared.links.filter((l) => l.kind === 'reads');
    expect(reads.map((l) => `${l.source}>${l.target}`).sort()).toEqual(['rule:a>table:demo.expenses', 'rule:b>table:demo.expenses']);
    expect(reads.find((l) => l.source === 'rule:a')!.reason).toBe('reads expenses.amount, expenses.receipt');
    expect(prepared.links.some((l) => l.kind === 'has-column')).toBe(false);
  });
  it('bounds the radius of hubs', () => {
    expect(nodeRadius('rule', 10_000)).toBe(nodeRadius('rule', 100_000));
  });
});

describe('tableNeighbourhood', () => {
  it('lights the table, its columns and the rules that read or target it', () => {
    expect([...tableNeighbourhood(graph, 'table:demo.expenses')].sort()).toEqual(
      ['column:demo.expenses.amount', 'column:demo.expenses.receipt', 'rule:a', 'rule:b', 'table:demo.expenses'].sort(),
    );
    expect([...tableNeighbourhood(graph, 'table:demo.orders')].sort()).toEqual(['rule:c', 'table:demo.orders']);
  });
});

describe('sideListOrder', () => {
  it('lists rules, then tables, then columns', () => {
    const order = sideListOrder(prepareGraph(graph, { hideColumns: false }).nodes).map((n) => n.kind);
    expect(order).toEqual(['rule', 'rule', 'rule', 'table', 'table', 'column', 'column']);
  });
});
