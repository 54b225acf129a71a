import { z } from 'zod';

/**
 * The rule expression AST. Rule text (`amount > 75 AND receipt = TRUE`) parses into this,
 * the compilers turn it into SQL with bound parameters, and the in-memory evaluator runs it.
 * Nothing in here is ever pasted into SQL as text: literals become parameters, columns are
 * checked against the discovered schema and quoted by the dialect.
 */

export type ArithmeticOp = '+' | '-' | '*' | '/';
export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type LogicalOp = 'AND' | 'OR';

/** Scalar functions of the rule language. `today()` is the scan's as-of date. */
export const SCALAR_FUNCTIONS = [
  'lower',
  'upper',
  'length',
  'trim',
  'abs',
  'round',
  'coalesce',
  'date',
  'year',
  'month',
  'days_between',
  'today',
] as const;
export type ScalarFunction = (typeof SCALAR_FUNCTIONS)[number];

export const AGGREGATE_FUNCTIONS = ['count', 'sum', 'min', 'max', 'avg'] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  /** A calendar date, ISO `YYYY-MM-DD`. */
  | { kind: 'date'; value: string }
  /** `table` is set for `table.name` references (joins); `name` is the column as written. */
  | { kind: 'column'; table?: string; name: string }
  | { kind: 'negate'; operand: Expr }
  | { kind: 'not'; operand: Expr }
  | { kind: 'arithmetic'; op: ArithmeticOp; left: Expr; right: Expr }
  | { kind: 'compare'; op: ComparisonOp; left: Expr; right: Expr }
  | { kind: 'logical'; op: LogicalOp; left: Expr; right: Expr }
  | { kind: 'in'; operand: Expr; list: Expr[]; negated: boolean }
  | { kind: 'between'; operand: Expr; low: Expr; high: Expr; negated: boolean }
  | { kind: 'is_null'; operand: Expr; negated: boolean }
  /** SQL LIKE, case-sensitive on every engine; `%` and `_` are the only wildcards, no escape. */
  | { kind: 'like'; operand: Expr; pattern: Expr; negated: boolean }
  /** Regular expression match (a portable subset, checked at import). */
  | { kind: 'matches'; operand: Expr; pattern: Expr; negated: boolean }
  | { kind: 'call'; fn: ScalarFunction; args: Expr[] }
  /** Only in group rules. `arg` is null for `count(*)`. */
  | { kind: 'aggregate'; fn: AggregateFunction; arg: Expr | null; distinct: boolean };

export type ExprKind = Expr['kind'];

export const exprSchema: z.ZodType<Expr> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('number'), value: z.number().finite() }),
    z.object({ kind: z.literal('string'), value: z.string() }),
    z.object({ kind: z.literal('boolean'), value: z.boolean() }),
    z.object({ kind: z.literal('null') }),
    z.object({ kind: z.literal('date'), value: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
    z.object({ kind: z.literal('column'), table: z.string().optional(), name: z.string().min(1) }),
    z.object({ kind: z.literal('negate'), operand: exprSchema }),
    z.object({ kind: z.literal('not'), operand: exprSchema }),
    z.object({
      kind: z.literal('arithmetic'),
      op: z.enum(['+', '-', '*', '/']),
      left: exprSchema,
      right: exprSchema,
    }),
    z.object({
      kind: z.literal('compare'),
      op: z.enum(['=', '<>', '<', '<=', '>', '>=']),
      left: exprSchema,
      right: exprSchema,
    }),
    z.object({ kind: z.literal('logical'), op: z.enum(['AND', 'OR']), left: exprSchema, right: exprSchema }),
    z.object({ kind: z.literal('in'), operand: exprSchema, list: z.array(exprSchema).min(1), negated: z.boolean() }),
    z.object({
      kind: z.literal('between'),
      operand: exprSchema,
      low: exprSchema,
      high: exprSchema,
      negated: z.boolean(),
    }),
    z.object({ kind: z.literal('is_null'), operand: exprSchema, negated: z.boolean() }),
    z.object({ kind: z.literal('like'), operand: exprSchema, pattern: exprSchema, negated: z.boolean() }),
    z.object({ kind: z.literal('matches'), operand: exprSchema, pattern: exprSchema, negated: z.boolean() }),
    z.object({ kind: z.literal('call'), fn: z.enum(SCALAR_FUNCTIONS), args: z.array(exprSchema) }),
    z.object({
      kind: z.literal('aggregate'),
      fn: z.enum(AGGREGATE_FUNCTIONS),
      arg: exprSchema.nullable(),
      distinct: z.boolean(),
    }),
  ]),
);
