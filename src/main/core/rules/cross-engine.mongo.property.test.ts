/**
 * The cross-engine property test on MongoDB: the same generated rules and rows as SQLite and
 * PostgreSQL (cross-engine.property.test.ts), compiled to MongoDB plans and run through the real
 * driver against the wire-protocol test double (or a real server when MONGODB_URL is set); the
 * violating keys, group values and counts, and the keys-only and by-key re-reads, must equal the
 * evaluator's.
 *
 * Not generated here, because MongoDB sources refuse them: joins (RULE_INVALID). Every other
 * construct of the generator runs. NULL cells are stored alternately as null and as a missing
 * field, so both must read as NULL.
 */
import fc from 'fast-check';
import type { Document } from 'bson';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Rule } from '../../../shared/rule.js';
import type { CellValue, Row } from '../../../shared/schema.js';
import { mongoTarget, type MongoTarget } from '../../../../test-support/mongo-target.js';
import { openMongoSource, type MongoSource } from '../sources/mongo/mongo-source.js';
import { mongoDialect } from '../sources/mongo/mongo-dialect.js';
import { check, RUNS, type Runner } from './cross-engine-check.js';
import { groupRuleArbitrary, recordRuleArbitrary } from './cross-engine-arbitraries.js';
import { T_COLUMNS, T_ROWS, type FixtureColumn } from './cross-engine-fixture.js';
import { canonicalDate, canonicalTimestamp } from './temporal.js';

/** The columns of a rule's count query: it goes through `queryOne`, as the scanner reads it. */
const COUNT_COLUMNS = JSON.stringify(['total', 'in_scope']);

function toDocument(row: Row, columns: FixtureColumn[]): Document {
  const doc: Document = { _id: row.id, id: row.id };
  for (const c of columns) {
    const v = row[c.name] ?? null;
    if (v === null) {
      // Half the NULLs are a missing field: both must mean NULL.
      if (Number(row.id) % 2 === 0) doc[c.name] = null;
      continue;
    }
    if (c.type === 'date') doc[c.name] = new Date(`${canonicalDate(v)}T00:00:00Z`);
    else if (c.type === 'timestamp') doc[c.name] = new Date(`${canonicalTimestamp(v)!.replace(' ', 'T')}Z`);
    else doc[c.name] = v;
  }
  return doc;
}

describe('cross-engine semantics on MongoDB', () => {
  let target: MongoTarget;
  let source: MongoSource;
  beforeAll(async () => {
    target = await mongoTarget();
    await target.load('t', T_ROWS.map((r) => toDocument(r, T_COLUMNS)));
    source = await openMongoSource({ url: target.url, database: target.database });
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  const run: Runner = async (q) => {
    if (JSON.stringify(q.columns.map((c) => c.name)) === COUNT_COLUMNS) return [await source.queryOne(q)];
    const rows: CellValue[][] = [];
    for await (const batch of source.stream(q, { batchSize: 64 })) rows.push(...batch);
    return rows;
  };
  const checkMongo = (rule: Rule): Promise<void> => check(rule, 'mongodb', mongoDialect, run, new Map());

  it('record rules: MongoDB finds the evaluator\'s violations', async () => {
    await fc.assert(fc.asyncProperty(recordRuleArbitrary().filter((r) => r.target.join === undefined), checkMongo), { numRuns: RUNS });
  }, 120_000);

  it('group rules: MongoDB finds the evaluator\'s violating groups and aggregates', async () => {
    await fc.assert(fc.asyncProperty(groupRuleArbitrary(), checkMongo), { numRuns: RUNS });
  }, 120_000);
});
