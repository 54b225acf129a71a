import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceSchema, TableInfo } from '../../../../shared/schema.js';
import { generateDemoDatabase } from '../../demo/demo-data.js';
import { printExpression } from '../../rules/printer.js';
import { parseExpression } from '../../rules/parser.js';
import { openSource } from '../../sources/open-source.js';
import { extractHeuristicCandidates } from '../heuristic/extract.js';
import type { Clause } from '../heuristic/clause.js';
import { mapClauseToSchema } from './map-clause.js';
import { findingToCandidate } from './map-finding.js';

function clauseOf(sentence: string): Clause {
  const [finding] = extractHeuristicCandidates([{ number: 1, text: sentence, hasTextLayer: true }]);
  if (!finding) throw new Error(`no finding in: ${sentence}`);
  return finding.clause;
}

describe('mapClauseToSchema on the demo database', () => {
  let dir: string;
  let schema: SourceSchema;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ps-map-'));
    const path = join(dir, 'demo.sqlite');
    generateDemoDatabase(path, { size: { employees: 5, vendors: 3, expenses: 10 }, seed: 1, endDate: '2025-06-30' });
    const source = await openSource({ engine: 'sqlite', path });
    schema = await source.schema();
    await source.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const map = (sentence: string) => mapClauseToSchema(clauseOf(sentence), schema, 'demo', { quote: sentence, page: 3 });

  it('maps "Expenses over $75 require a receipt" to when amount > 75 require receipt = TRUE', () => {
    const { rule, problems } = map('Expenses over $75 require a receipt.');
    expect(problems).toEqual([]);
    expect(rule!.target).toEqual({ connection: 'demo', table: 'expenses', key: ['id'] });
    expect(printExpression(rule!.when!)).toBe('amount > 75');
    expect(printExpression(rule!.require!)).toBe('receipt = TRUE');
    expect(rule!.when).toEqual(parseExpression('amount > 75'));
    expect(rule).toMatchObject({ status: 'draft', origin: 'heuristic', source: { policyId: '', page: 3, quote: 'Expenses over $75 require a receipt.' } });
    expect(rule!.id).toMatch(/^expenses-over-75-require-a-receipt-[0-9a-f]{8}$/);
  });

  it('maps a limit onto the amount itself', () => {
    const { rule } = map('Daily meal expenses must not exceed $90 per person.');
    expect(printExpression(rule!.require!)).toBe('amount <= 90');
    expect(rule!.when).toBeUndefined();
  });

  it('maps a deadline onto two date columns', () => {
    const { rule, problems } = map('Expense reports must be submitted within 30 days of the date the expense was incurred.');
    expect(problems).toEqual([]);
    expect(printExpression(rule!.require!)).toBe('days_between(incurred_on, submitted_on) <= 30');
  });

  it('maps an approval to approved_by IS NOT NULL', () => {
    const { rule } = map('All expense reports must be approved by the manager.');
    expect(printExpression(rule!.require!)).toBe('approved_by IS NOT NULL');
  });

  it('maps inactivity onto employees.last_login and says why "disabled" needs a person', () => {
    const { rule, problems } = map('Accounts inactive for 90 days must be disabled.');
    expect(rule).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/disabled.*employees.*status is text/);
  });

  it('maps inactivity fully when the table has an active flag', () => {
    const withFlag: SourceSchema = {
      tables: [
        {
          name: 'users',
          primaryKey: ['id'],
          rowEstimate: null,
          columns: [
            { name: 'id', type: 'number', nativeType: 'INTEGER', nullable: false },
            { name: 'last_login', type: 'timestamp', nativeType: 'DATETIME', nullable: true },
            { name: 'active', type: 'boolean', nativeType: 'BOOLEAN', nullable: false },
          ],
        },
      ],
    };
    const sentence = 'User accounts inactive for 90 days must be disabled.';
    const { rule, problems } = mapClauseToSchema(clauseOf(sentence), withFlag, 'idp', { quote: sentence, page: 1 });
    expect(problems).toEqual([]);
    expect(printExpression(rule!.when!)).toBe('days_between(last_login, today()) > 90');
    expect(printExpression(rule!.require!)).toBe('active = FALSE');
  });

  it('reports a missing column with the columns there are', () => {
    const { rule, problems } = map('Expenses over $75 require a signed travel authorisation.');
    expect(rule).toBeUndefined();
    expect(problems[0]).toMatch(/no column can show|no column for/);
  });

  it('turns a finding into a candidate with its rule, or its problems', () => {
    const pages = [{ number: 2, text: 'Expenses over $75 require a receipt. Gifts are prohibited.', hasTextLayer: true }];
    const [mapped, unmapped] = extractHeuristicCandidates(pages).map((f) => findingToCandidate(f, schema, 'demo'));
    expect(mapped).toMatchObject({ page: 2, origin: 'heuristic', severity: 'medium', rule: { severity: 'medium', confidence: mapped!.confidence } });
    expect(mapped).not.toHaveProperty('clause');
    expect(mapped!.problems).toBeUndefined();
    expect(unmapped!.rule).toBeUndefined();
    expect(unmapped!.problems![0]).toMatch(/^no table for 'gifts'/);
    const noSchema = findingToCandidate(extractHeuristicCandidates(pages)[0]!, null, 'demo');
    expect(noSchema.problems).toEqual(['no connection chosen: the rule is not mapped onto a schema']);
  });

  it('reports a missing table', () => {
    const { problems } = map('Backup tapes should be rotated at least every 30 days.');
    expect(problems[0]).toMatch(/^no table for 'backup tapes' \(tables: .*expenses/);
  });
});

describe('mapClauseToSchema problems', () => {
  const table = (name: string, cols: Array<[string, TableInfo['columns'][number]['type']]>): TableInfo => ({
    name,
    primaryKey: ['id'],
    rowEstimate: null,
    columns: [['id', 'number'] as const, ...cols].map(([n, t]) => ({ name: n, type: t, nativeType: t, nullable: true })),
  });
  const clause: Clause = {
    subject: 'expenses',
    modality: 'obligation',
    measure: { kind: 'money', op: '>', value: 75, phrase: 'over $75' },
    requirement: 'receipt',
  };

  it('reports an ambiguous amount', () => {
    const schema = { tables: [table('expense_reports', [['amount', 'number'], ['total', 'number'], ['receipt', 'boolean']])] };
    expect(mapClauseToSchema(clause, schema, 'c', { quote: 'q', page: 1 }).problems).toEqual([
      "ambiguous: amount or total for 'amount' in table expense_reports",
    ]);
  });

  it('reports a missing receipt column, listing the columns', () => {
    const schema = { tables: [table('claims', [['cost', 'number']])] };
    expect(mapClauseToSchema(clause, schema, 'c', { quote: 'q', page: 1 }).problems).toEqual([
      "no column for 'receipt' in table claims (columns: id number, cost number)",
    ]);
  });

  it('uses synonyms for tables and columns, and text attachments as IS NOT NULL', () => {
    const schema = { tables: [table('pcard_transactions', [['total', 'number'], ['attachment_url', 'text']]), table('vendors', [])] };
    const c: Clause = { ...clause, subject: 'purchasing card transactions' };
    const { rule } = mapClauseToSchema(c, schema, 'c', { quote: 'q', page: 1 });
    expect(rule!.target.table).toBe('pcard_transactions');
    expect(printExpression(rule!.require!)).toBe('attachment_url IS NOT NULL');
  });

  it('reports an ambiguous table', () => {
    const schema = { tables: [table('users', []), table('accounts', [])] };
    const c: Clause = { subject: 'staff', modality: 'obligation', requirement: 'approval' };
    expect(mapClauseToSchema(c, schema, 'c', { quote: 'q', page: 1 }).problems[0]).toMatch(/^ambiguous table for 'staff': users or accounts$/);
  });

  it('refuses a count it cannot place', () => {
    const c: Clause = { subject: 'expenses', modality: 'obligation', measure: { kind: 'count', op: '>=', value: 2, phrase: 'at least 2' } };
    const schema = { tables: [table('expenses', [['amount', 'number']])] };
    expect(mapClauseToSchema(c, schema, 'c', { quote: 'q', page: 1 }).problems[0]).toMatch(/^a count \(at least 2\)/);
  });
});
