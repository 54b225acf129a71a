/**
 * Rules compiled for MongoDB: a record rule becomes a `find` (plain query operators for simple
 * `field op literal` tests, `$expr` for the rest), a group rule an aggregation pipeline
 * (`$match`, `$group`, `$project`, `$sort`, `$limit`). Never `$where`, `$function`, `$out` or
 * `$merge`: the compiler has no way to produce them.
 */
import type { Document } from 'bson';
import type { Expr } from '../../../../shared/rule-ast.js';
import type { Rule } from '../../../../shared/rule.js';
import { AppError } from '../../../../shared/errors.js';
import { isGroupRule, ruleAggregates, WHOLE_TARGET, type AggregateExpr } from '../../rules/aggregates.js';
import type { CompiledRule, CompileOptions } from '../../rules/compile/compile-rule.js';
import { inferType } from '../../rules/infer-type.js';
import { resolveNamedColumn } from '../../rules/named-column.js';
import type { RuleScope, ScopeColumn } from '../../rules/scope.js';
import type { OutputColumn } from '../source.js';
import { compileMongoExpr, fieldValue, type MExpr, type MongoExprContext } from './mongo-expr.js';
import { keyFilter } from './mongo-keys.js';
import { plainCondition } from './mongo-plain.js';
import { DOCUMENT_COLUMN, planQuery } from './mongo-plan.js';

const COUNT_COLUMNS: OutputColumn[] = [
  { name: 'total', type: 'number' },
  { name: 'in_scope', type: 'number' },
];

const isTrue = (e: MExpr): MExpr => ({ $eq: [e, true] });

function refuseUnsupported(rule: Rule, options: CompileOptions): void {
  const unsupported = (what: string): AppError =>
    new AppError('RULE_INVALID', `Rule "${rule.id}": ${what} MongoDB sources.`, { ruleId: rule.id });
  if (rule.target.query !== undefined) throw unsupported('a custom query target is SQL and cannot run on');
  if ((rule.target.join?.length ?? 0) > 0) throw unsupported('joins are not supported on');
  if (options.since !== undefined) throw unsupported('incremental (watermark) scans are not yet supported on');
}

/** The rule's condition as "this record violates". */
function violates(c: MongoExprContext, rule: Rule): MExpr {
  if (rule.violation !== undefined) return isTrue(compileMongoExpr(c, rule.violation, 'boolean').expr);
  if (rule.require !== undefined) return { $ne: [compileMongoExpr(c, rule.require, 'boolean').expr, true] };
  throw new AppError('RULE_INVALID', `Rule "${rule.id}" has neither require nor violation.`);
}

/** Top-level AND terms, each of which must be TRUE for the whole to be TRUE. */
function conjuncts(expr: Expr | undefined): Expr[] {
  if (expr === undefined) return [];
  if (expr.kind === 'logical' && expr.op === 'AND') return [...conjuncts(expr.left), ...conjuncts(expr.right)];
  return [expr];
}

/** A find filter: simple TRUE-tests as query operators, everything else under one `$expr`. */
function recordFilter(c: MongoExprContext, rule: Rule): Document[] {
  const mustBeTrue = [...conjuncts(rule.when), ...(rule.violation !== undefined ? conjuncts(rule.violation) : [])];
  const plain: Document[] = [];
  const rest: MExpr[] = [];
  for (const term of mustBeTrue) {
    const simple = plainCondition(c.scope, term);
    if (simple !== null) plain.push(simple);
    else rest.push(isTrue(compileMongoExpr(c, term, 'boolean').expr));
  }
  if (rule.violation === undefined) rest.push(violates(c, rule));
  if (rest.length > 0) plain.push({ $expr: rest.length === 1 ? rest[0] : { $and: rest } });
  return plain;
}

function keyColumnsOf(rule: Rule, scope: RuleScope): ScopeColumn[] {
  const named = rule.target.key.map((name) => resolveNamedColumn(scope, name));
  return named.length > 0 ? named : scope.columns;
}

function recordRule(rule: Rule, c: MongoExprContext, options: CompileOptions): CompiledRule {
  const { scope } = c;
  const collection = scope.base;
  const keys = keyColumnsOf(rule, scope);
  const selected = options.keysOnly ? keys : scope.columns;
  const filters = options.allRecords ? [] : recordFilter(c, rule);
  if (options.keyFilter !== undefined) filters.push(keyFilter(keys.map((k) => k.name), keys.map((k) => k.type), options.keyFilter));
  const filter = filters.length === 0 ? {} : filters.length === 1 ? filters[0]! : { $and: filters };
  const withDocument = !options.keysOnly;
  const columns: OutputColumn[] = selected.map((col) => ({ name: col.alias, type: col.type }));
  if (withDocument) columns.push({ name: DOCUMENT_COLUMN, type: 'text' });
  const violations = planQuery(
    {
      op: 'find',
      collection,
      fields: selected.map((col) => col.name),
      filter,
      sort: Object.fromEntries(keys.map((k) => [k.name, 1])),
      ...(options.keysOnly ? { projection: Object.fromEntries(keys.map((k) => [k.name, 1])) } : {}),
      ...(options.limit !== undefined ? { limit: Math.max(0, Math.floor(options.limit)) } : {}),
      withDocument,
    },
    columns,
  );
  const inScope = rule.when === undefined ? 1 : { $cond: [isTrue(compileMongoExpr(c, rule.when, 'boolean').expr), 1, 0] };
  const count = planQuery(
    {
      op: 'aggregate',
      collection,
      fields: ['total', 'in_scope'],
      pipeline: [{ $group: { _id: null, total: { $sum: 1 }, in_scope: { $sum: inScope } } }],
    },
    COUNT_COLUMNS,
  );
  return { violations, count, keyColumns: keys.map((k) => k.alias) };
}

interface Accumulated {
  /** `$group` accumulators by field. */
  group: Document;
  /** The aggregate's value in the `$project` after grouping. */
  value: MExpr;
}

/** One aggregate as `$group` accumulators; `inScope` folds a `when` into them (whole-target rules). */
function accumulate(c: MongoExprContext, agg: AggregateExpr, field: string, inScope: MExpr | null): Accumulated {
  const only = (e: MExpr): MExpr => (inScope === null ? e : { $cond: [inScope, e, null] });
  if (agg.arg === null) return { group: { [field]: { $sum: inScope === null ? 1 : { $cond: [inScope, 1, 0] } } }, value: `$${field}` };
  const arg = only(compileMongoExpr(c, agg.arg).expr);
  if (agg.distinct) {
    const set = { $filter: { input: `$${field}`, cond: { $ne: ['$$this', null] } } };
    const values: Record<typeof agg.fn, MExpr> = {
      count: { $size: set },
      sum: { $cond: [{ $eq: [{ $size: set }, 0] }, null, { $sum: set }] },
      avg: { $avg: set },
      min: { $min: set },
      max: { $max: set },
    };
    return { group: { [field]: { $addToSet: arg } }, value: values[agg.fn] };
  }
  const counted = { $sum: { $cond: [{ $eq: [arg, null] }, 0, 1] } };
  switch (agg.fn) {
    case 'count':
      return { group: { [field]: counted }, value: `$${field}` };
    case 'sum':
      // SQL's sum() of no values is NULL, MongoDB's $sum is 0: the count tells them apart.
      return { group: { [field]: { $sum: arg }, [`${field}_n`]: counted }, value: { $cond: [{ $eq: [`$${field}_n`, 0] }, null, `$${field}`] } };
    case 'avg':
      return { group: { [field]: { $avg: arg } }, value: `$${field}` };
    case 'min':
      return { group: { [field]: { $min: arg } }, value: `$${field}` };
    case 'max':
      return { group: { [field]: { $max: arg } }, value: `$${field}` };
    default: {
      const never: never = agg.fn;
      throw new Error(`unhandled aggregate ${String(never)}`);
    }
  }
}

function groupRule(rule: Rule, c: MongoExprContext, options: CompileOptions): CompiledRule {
  const { scope } = c;
  const groups = (rule.groupBy ?? []).map((name) => resolveNamedColumn(scope, name));
  const groupId = groups.length > 0 ? Object.fromEntries(groups.map((g, i) => [`k${i}`, fieldValue(g.name, g.type)])) : null;
  const when = rule.when === undefined ? null : isTrue(compileMongoExpr(c, rule.when, 'boolean').expr);
  // With group columns `when` filters records before grouping; the whole target stays one group
  // whatever `when` keeps, so there it is folded into the accumulators instead.
  const folded = groups.length === 0 ? when : null;
  const pre: Document[] = groups.length > 0 && when !== null ? [{ $match: { $expr: when } }] : [];
  const accumulators: Document = {};
  const project: Document = { _id: 0 };
  groups.forEach((_g, i) => (project[`k${i}`] = `$_id.k${i}`));
  if (groups.length === 0) project.k0 = { $literal: WHOLE_TARGET.value };
  const aggregates = new Map<string, string>();
  const columns: OutputColumn[] = groups.map((g) => ({ name: g.alias, type: g.type }));
  if (groups.length === 0) columns.push({ name: WHOLE_TARGET.alias, type: 'text' });
  const fields = columns.map((_col, i) => `k${i}`);
  [...ruleAggregates(rule)].forEach(([alias, agg], i) => {
    const field = `a${i}`;
    const acc = accumulate(c, agg, field, folded);
    Object.assign(accumulators, acc.group);
    project[field] = acc.value;
    aggregates.set(alias, field);
    if (!options.keysOnly) {
      columns.push({ name: alias, type: inferType(agg, scope) });
      fields.push(field);
    }
  });
  const post = violates({ ...c, aggregates, groupFields: new Map(groups.map((g, i) => [g.name, `k${i}`])) }, rule);
  const keyFields = columns.slice(0, Math.max(groups.length, 1)).map((_col, i) => `k${i}`);
  const keyTypes = groups.length > 0 ? groups.map((g) => g.type) : (['text'] as const);
  const pipeline: Document[] = [
    ...pre,
    { $group: { _id: groupId, ...accumulators } },
    { $project: project },
    { $match: { $expr: post } },
    ...(options.keyFilter !== undefined ? [{ $match: keyFilter(keyFields, [...keyTypes], options.keyFilter) }] : []),
    ...(groups.length > 0 ? [{ $sort: Object.fromEntries(keyFields.map((k) => [k, 1])) }] : []),
    ...(options.limit !== undefined ? [{ $limit: Math.max(0, Math.floor(options.limit)) }] : []),
  ];
  const violations = planQuery({ op: 'aggregate', collection: scope.base, fields, pipeline }, columns);
  const flag = when === null ? 1 : { $max: { $cond: [when, 1, 0] } };
  const count = planQuery(
    {
      op: 'aggregate',
      collection: scope.base,
      fields: ['total', 'in_scope'],
      pipeline: [
        { $group: { _id: groupId, s: when === null ? { $max: 1 } : flag } },
        { $group: { _id: null, total: { $sum: 1 }, in_scope: { $sum: { $cond: [{ $eq: ['$s', 1] }, 1, 0] } } } },
      ],
    },
    COUNT_COLUMNS,
  );
  return { violations, count, keyColumns: groups.length > 0 ? groups.map((g) => g.alias) : [WHOLE_TARGET.alias] };
}

/** Compiles a rule into MongoDB plans (see mongo-plan.ts) with the same contract as compileRule. */
export function compileMongoRule(rule: Rule, scope: RuleScope, options: CompileOptions): CompiledRule {
  refuseUnsupported(rule, options);
  const c: MongoExprContext = { scope, asOf: options.asOf };
  if (isGroupRule(rule) && (options.since !== undefined || options.allRecords)) {
    throw new AppError('RULE_INVALID', `Rule "${rule.id}" is a group rule: it is always read whole.`, { ruleId: rule.id });
  }
  return isGroupRule(rule) ? groupRule(rule, c, options) : recordRule(rule, c, options);
}
