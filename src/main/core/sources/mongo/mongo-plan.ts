/**
 * A MongoDB query plan carried through the scanner inside a CompiledQuery: `sql` holds the plan as
 * canonical Extended JSON (readable in a rule preview, and BSON dates survive the trip), `params`
 * stays empty. Only the MongoDB source reads it back.
 */
import { EJSON, type Document } from 'bson';
import { AppError } from '../../../../shared/errors.js';
import type { CompiledQuery, OutputColumn } from '../source.js';

interface PlanBase {
  collection: string;
  /** Where each output column is read in a result document (dotted paths). */
  fields: string[];
}

export interface FindPlan extends PlanBase {
  op: 'find';
  filter: Document;
  sort: Document;
  projection?: Document;
  limit?: number;
  /** Append the whole document as canonical Extended JSON (the `$document` column). */
  withDocument?: boolean;
}

export interface AggregatePlan extends PlanBase {
  op: 'aggregate';
  pipeline: Document[];
}

export type MongoPlan = FindPlan | AggregatePlan;

/** The column that carries a record's full document in its snapshot. */
export const DOCUMENT_COLUMN = '$document';

export function planQuery(plan: MongoPlan, columns: OutputColumn[]): CompiledQuery {
  return { sql: EJSON.stringify(plan, { relaxed: false }), params: [], columns };
}

export function readPlan(query: CompiledQuery): MongoPlan {
  let plan: unknown;
  try {
    plan = EJSON.parse(query.sql, { relaxed: true });
  } catch {
    plan = null;
  }
  const op = (plan as { op?: unknown } | null)?.op;
  if (op !== 'find' && op !== 'aggregate') {
    throw new AppError('INVALID_INPUT', 'A MongoDB source runs only rules compiled for MongoDB; custom SQL queries are not supported there.');
  }
  return plan as MongoPlan;
}
