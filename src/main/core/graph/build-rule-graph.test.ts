import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GraphEdge, RuleGraph } from '../../../shared/api/graph.js';
import { parseRuleFile } from '../rules/rule-file.js';
import { DEMO_RULES_PATH } from '../demo/build-demo.js';
import { buildRuleGraph, dependencyOrder } from './build-rule-graph.js';
import { sketchRule } from './test-rules.js';

const demoRules = () => parseRuleFile(readFileSync(DEMO_RULES_PATH, 'utf8'));

function edgesOf(graph: RuleGraph, kind: GraphEdge['kind']): Array<[string, string, string]> {
  return graph.edges.filter((e) => e.kind === kind).map((e) => [e.source, e.target, e.reason]);
}

describe('buildRuleGraph on the demo rules', () => {
  const graph = buildRuleGraph(demoRules());

  it('has a node for every rule, the three tables and the columns read', () => {
    expect(graph.nodes.filter((n) => n.kind === 'rule').map((n) => n.ruleId)).toEqual([
      'expense-after-termination',
      'expense-vendor-exists',
      'inactive-accounts',
      'no-self-approval',
      'receipt-over-75',
      'split-purchases',
      'submitted-within-30-days',
      'vendor-tax-id',
    ]);
    expect(graph.nodes.filter((n) => n.kind === 'table').map((n) => [n.id, n.label])).toEqual([
      ['table:demo.employees', 'employees'],
      ['table:demo.expenses', 'expenses'],
      ['table:demo.vendors', 'vendors'],
    ]);
    expect(graph.nodes.find((n) => n.id === 'rule:receipt-over-75')).toEqual({
      id: 'rule:receipt-over-75',
      kind: 'rule',
      label: 'Expenses over $75 need a receipt',
      ruleId: 'receipt-over-75',
      status: 'draft',
      severity: 'high',
      connection: 'demo',
      table: 'expenses',
    });
    expect(graph.nodes.find((n) => n.id === 'column:demo.employees.terminated_on')).toMatchObject({
      kind: 'column',
      label: 'employees.terminated_on',
      table: 'employees',
    });
  });

  it('links a rule to what it reads and a table to its columns, saying where', () => {
    const reads = graph.edges.filter((e) => e.source === 'rule:receipt-over-75' && e.kind === 'reads');
    expect(reads.map((e) => [e.target, e.reason])).toEqual([
      ['column:demo.expenses.amount', 'reads expenses.amount in its scope'],
      ['column:demo.expenses.id', 'reads expenses.id in its key'],
      ['column:demo.expenses.receipt', 'reads expenses.receipt in its check'],
    ]);
    const termination = graph.edges.find((e) => e.id === 'reads:rule:expense-vendor-exists->column:demo.vendors.id');
    expect(termination?.reason).toBe('reads vendors.id in its scope and its check');
    expect(graph.edges.find((e) => e.id === 'has-column:table:demo.employees->column:demo.employees.status')).toMatchObject({
      reason: 'employees has column status',
    });
    // Every column hangs off exactly one table.
    const columns = graph.nodes.filter((n) => n.kind === 'column');
    const hasColumn = graph.edges.filter((e) => e.kind === 'has-column');
    expect(hasColumn.map((e) => e.target).sort()).toEqual(columns.map((n) => n.id).sort());
  });

  it('links rules reading the same fields, keys aside', () => {
    expect(edgesOf(graph, 'same-fields')).toEqual([
      ['rule:expense-after-termination', 'rule:inactive-accounts', 'both read employees.status'],
      ['rule:expense-after-termination', 'rule:no-self-approval', 'both read expenses.employee_id'],
      ['rule:expense-after-termination', 'rule:split-purchases', 'both read expenses.employee_id, expenses.incurred_on'],
      ['rule:expense-after-termination', 'rule:submitted-within-30-days', 'both read expenses.incurred_on'],
      ['rule:no-self-approval', 'rule:split-purchases', 'both read expenses.employee_id'],
      ['rule:receipt-over-75', 'rule:split-purchases', 'both read expenses.amount'],
      ['rule:split-purchases', 'rule:submitted-within-30-days', 'both read expenses.incurred_on'],
    ]);
    expect(graph.edges.find((e) => e.kind === 'same-fields' && e.target === 'rule:split-purchases' && e.source === 'rule:expense-after-termination')?.fields).toEqual([
      'expenses.employee_id',
      'expenses.incurred_on',
    ]);
  });

  it('links a rule whose scope reads what another checks, and never a rule to itself', () => {
    expect(edgesOf(graph, 'depends-on')).toEqual([
      ['rule:expense-after-termination', 'rule:no-self-approval', 'its scope reads expenses.employee_id, which no-self-approval checks'],
      ['rule:inactive-accounts', 'rule:expense-after-termination', 'its scope reads employees.status, which expense-after-termination checks'],
      ['rule:receipt-over-75', 'rule:split-purchases', 'its scope reads expenses.amount, which split-purchases checks'],
      ['rule:split-purchases', 'rule:expense-after-termination', 'its scope reads expenses.incurred_on, which expense-after-termination checks'],
      ['rule:split-purchases', 'rule:no-self-approval', 'its scope reads expenses.employee_id, which no-self-approval checks'],
      ['rule:split-purchases', 'rule:submitted-within-30-days', 'its scope reads expenses.incurred_on, which submitted-within-30-days checks'],
    ]);
    expect(graph.cycles).toEqual([]);
  });

  it('orders the rules after the rules they depend on', () => {
    expect(dependencyOrder(graph)).toEqual([
      'expense-vendor-exists',
      'no-self-approval',
      'expense-after-termination',
      'inactive-accounts',
      'submitted-within-30-days',
      'split-purchases',
      'receipt-over-75',
      'vendor-tax-id',
    ]);
  });

  it('is the same graph whatever order the rules come in', () => {
    expect(buildRuleGraph([...demoRules()].reverse())).toEqual(graph);
  });
});

describe('buildRuleGraph', () => {
  it('finds the cycle when each rule scopes on what the other checks', () => {
    const graph = buildRuleGraph([
      sketchRule({ id: 'b-employees', table: 'employees', when: "status = 'active'", require: 'manager_id IS NOT NULL' }),
      sketchRule({ id: 'a-employees', table: 'employees', when: 'manager_id > 0', require: "status <> 'unknown'" }),
      sketchRule({ id: 'c-other', table: 'employees', require: 'manager_id > 1' }),
    ]);
    expect(graph.cycles).toEqual([['rule:a-employees', 'rule:b-employees']]);
    expect(dependencyOrder(graph)).toBeNull();
    expect(graph.edges.find((e) => e.id === 'depends-on:rule:a-employees->rule:b-employees')?.reason).toBe(
      'its scope reads employees.manager_id, which b-employees checks',
    );
    // c-other only checks: a-employees depends on it too, outside the cycle.
    expect(graph.edges.find((e) => e.id === 'depends-on:rule:a-employees->rule:c-other')).toBeDefined();
  });

  it('shows a custom query as its own dataset and resolves qualified names, case aside', () => {
    const graph = buildRuleGraph([
      sketchRule({
        id: 'q',
        query: 'SELECT id, total FROM orders',
        join: [{ table: 'customers', on: 'Customers.id = query.id' }],
        require: 'total > 0 AND customers.active = TRUE',
      }),
    ]);
    expect(graph.nodes.filter((n) => n.kind === 'table').map((n) => [n.id, n.label])).toEqual([
      ['query:q', '(query of q)'],
      ['table:demo.customers', 'customers'],
    ]);
    expect(graph.nodes.filter((n) => n.kind === 'column').map((n) => n.id)).toEqual([
      'column:demo.customers.active',
      'column:demo.customers.id',
      'column:query:q.id',
      'column:query:q.total',
    ]);
    expect(graph.edges.find((e) => e.id === 'has-column:query:q->column:query:q.total')?.reason).toBe('(query of q) has column total');
  });

  it('keeps drafts with their status and reads group_by and key names with a table prefix', () => {
    const graph = buildRuleGraph([
      sketchRule({
        id: 'g',
        status: 'draft',
        join: [{ table: 'employees', on: 'employees.id = employee_id' }],
        groupBy: ['employees.department'],
        key: ['employees.department'],
        violation: 'sum(amount) > 1000',
      }),
    ]);
    expect(graph.nodes[0]).toMatchObject({ id: 'rule:g', status: 'draft' });
    expect(graph.edges.find((e) => e.id === 'reads:rule:g->column:demo.employees.department')?.reason).toBe(
      'reads employees.department in its scope and its key',
    );
  });

  it('keeps tables of different connections apart', () => {
    const graph = buildRuleGraph([
      sketchRule({ id: 'one', connection: 'east', require: 'amount > 0' }),
      sketchRule({ id: 'two', connection: 'west', require: 'amount > 0' }),
    ]);
    expect(graph.edges.filter((e) => e.kind === 'same-fields')).toEqual([]);
    expect(graph.nodes.filter((n) => n.kind === 'table').map((n) => n.id)).toEqual(['table:east.expenses', 'table:west.expenses']);
  });
});
