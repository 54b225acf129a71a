import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../../shared/rule.js';
import type { SourceSchema } from '../../../../shared/schema.js';
import { compileRule } from '../../rules/compile/compile-rule.js';
import { buildScope } from '../../rules/scope.js';
import { mongoDialect } from './mongo-dialect.js';
import { readPlan } from './mongo-plan.js';
import { likeToPcre, regexToPcre } from './mongo-regex.js';

const schema: SourceSchema = { tables: [{ name: 'orders', primaryKey: ['_id'], rowEstimate: null, columns: [
  { name: '_id', type: 'text', nativeType: 'objectId', nullable: false },
  { name: 'amount', type: 'number', nativeType: 'double', nullable: true },
  { name: 'limit', type: 'number', nativeType: 'double', nullable: true },
  { name: 'customer.tier', type: 'text', nativeType: 'string', nullable: true },
] }] };
const col = (name: string) => ({ kind: 'column', name }) as const;
const rule = (over: Partial<Rule>): Rule => ({ id: 'r', title: 'r', severity: 'low', status: 'active', origin: 'manual', version: 1, target: { connection: 'm', table: 'orders', key: ['_id'] }, ...over });
const compile = (r: Rule) => compileRule(r, buildScope(r, schema), mongoDialect, { asOf: '2024-03-09' });

describe('MongoDB rule compiler', () => {
  it('turns a simple field-to-literal test into a plain query operator', () => {
    const plan = readPlan(compile(rule({ violation: { kind: 'compare', op: '>', left: col('amount'), right: { kind: 'number', value: 75 } } })).violations);
    expect(plan).toMatchObject({ op: 'find', collection: 'orders', filter: { amount: { $gt: 75, $not: { $type: 'array' } } }, sort: { _id: 1 } });
  });

  it('puts field-to-field comparisons and arithmetic under $expr, with dotted paths', () => {
    const r = rule({ require: { kind: 'compare', op: '<=', left: { kind: 'arithmetic', op: '*', left: col('amount'), right: { kind: 'number', value: 2 } }, right: col('limit') } });
    const plan = readPlan(compile(r).violations);
    const text = JSON.stringify(plan);
    expect(Object.keys(plan.op === 'find' ? plan.filter : {})).toEqual(['$expr']);
    expect(text).toContain('"$multiply"');
    expect(text).toContain('"$amount"');
    const tier = readPlan(compile(rule({ violation: { kind: 'compare', op: '=', left: { kind: 'column', name: 'customer.tier' }, right: { kind: 'string', value: '$x' } } })).violations);
    // A string literal that looks like a field path stays a literal.
    expect(JSON.stringify(tier)).toContain('{"$literal":"$x"}');
    expect(JSON.stringify(tier)).toContain('"$customer.tier"');
  });

  it('compiles group rules to a pipeline and never emits forbidden stages', () => {
    const r = rule({ target: { connection: 'm', table: 'orders', key: ['customer.tier'] }, groupBy: ['customer.tier'], violation: { kind: 'compare', op: '>', left: { kind: 'aggregate', fn: 'sum', arg: col('amount'), distinct: false }, right: { kind: 'number', value: 100 } } });
    const compiled = compile(r);
    const plan = readPlan(compiled.violations);
    expect(plan.op).toBe('aggregate');
    expect(plan.op === 'aggregate' && plan.pipeline.map((s) => Object.keys(s)[0])).toEqual(['$group', '$project', '$match', '$sort']);
    expect(compiled.keyColumns).toEqual(['customer.tier']);
    expect(compiled.violations.sql).not.toMatch(/\$where|\$function|\$out|\$merge/);
  });

  it('refuses text-to-date conversion with a clear message', () => {
    expect(() => compile(rule({ violation: { kind: 'compare', op: '<', left: { kind: 'column', name: 'customer.tier' }, right: { kind: 'date', value: '2024-01-01' } } }))).toThrow(/BSON dates/);
  });

  it('writes patterns as PCRE that cannot be read as syntax by accident', () => {
    expect(likeToPcre('a_%.')).toBe('^\\x{61}..*\\x{2e}\\z');
    expect(regexToPcre('^\\d+$')).toBe('^[0-9]+\\z');
    expect(regexToPcre('\\.')).toBe('\\x{2e}');
  });
});
