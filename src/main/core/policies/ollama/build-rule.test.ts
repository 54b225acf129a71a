import { describe, expect, it } from 'vitest';
import type { SourceSchema } from '../../../../shared/schema.js';
import { printExpression } from '../../rules/printer.js';
import { buildRule } from './build-rule.js';
import type { MapResponse } from './responses.js';

const schema: SourceSchema = {
  tables: [
    {
      name: 'expenses',
      columns: [
        { name: 'id', type: 'number', nativeType: 'INTEGER', nullable: false },
        { name: 'amount', type: 'number', nativeType: 'REAL', nullable: false },
        { name: 'receipt', type: 'boolean', nativeType: 'BOOLEAN', nullable: true },
        { name: 'category', type: 'text', nativeType: 'TEXT', nullable: true },
      ],
      primaryKey: ['id'],
      rowEstimate: null,
    },
  ],
};
const candidate = { quote: 'Expenses over $75 must have a receipt.', title: 'Receipt over $75', description: 'd', severity: 'high' as const, confidence: 0.8 };
const answer = (over: Partial<MapResponse>): MapResponse => ({
  mappable: true, table: 'expenses', key: [], when: 'amount > 75', require: 'receipt = TRUE', violation: null, problems: [], ...over,
});

describe('buildRule', () => {
  it('builds a draft llm rule keyed by the primary key', () => {
    const built = buildRule(candidate, answer({}), schema, 'demo');
    expect(built.problems).toEqual([]);
    const rule = built.rule!;
    expect(rule.target).toEqual({ connection: 'demo', table: 'expenses', key: ['id'] });
    expect(printExpression(rule.when!)).toBe('amount > 75');
    expect(printExpression(rule.require!)).toBe('receipt = TRUE');
    expect(rule.violation).toBeUndefined();
    expect(rule).toMatchObject({ status: 'draft', origin: 'llm', confidence: 0.8, severity: 'high' });
  });
  it('reports a syntax error instead of throwing, and never keeps SQL', () => {
    const built = buildRule(candidate, answer({ require: "receipt = TRUE; DROP TABLE expenses" }), schema, 'demo');
    expect(built.rule).toBeUndefined();
    expect(built.problems[0]).toMatch(/require expression .* is not valid rule language/);
  });
  it('reports an unknown column and a type mismatch through the checker', () => {
    expect(buildRule(candidate, answer({ require: 'has_receipt = TRUE' }), schema, 'demo').problems.join(' ')).toMatch(/has_receipt/);
    expect(buildRule(candidate, answer({ when: "amount > '75'" }), schema, 'demo').rule).toBeUndefined();
  });
  it('reports an unknown table, both or neither of require/violation, and unmappable answers', () => {
    expect(buildRule(candidate, answer({ table: 'claims' }), schema, 'demo').problems[0]).toMatch(/"claims" does not exist/);
    expect(buildRule(candidate, answer({ violation: 'amount > 75' }), schema, 'demo').problems[0]).toMatch(/exactly one/);
    expect(buildRule(candidate, answer({ require: null }), schema, 'demo').problems[0]).toMatch(/exactly one/);
    expect(buildRule(candidate, answer({ mappable: false, table: null, problems: ['no approval column'] }), schema, 'demo').problems).toEqual(['no approval column']);
  });
  it('accepts a violation form and an explicit key', () => {
    const built = buildRule(candidate, answer({ when: null, require: null, violation: 'amount > 75 AND receipt IS NULL', key: ['id'] }), schema, 'demo');
    expect(built.rule?.violation).toBeDefined();
    expect(built.rule?.when).toBeUndefined();
  });
  it('rejects an unknown key column', () => {
    expect(buildRule(candidate, answer({ key: ['expense_no'] }), schema, 'demo').problems.join(' ')).toMatch(/expense_no/);
  });
});
