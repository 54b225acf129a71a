import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RuleDraft } from '../../../shared/api/rules.js';
import { createTestApi, type TestApi } from '../../../../test-support/core-api-harness.js';
import { draftFromRule, ruleFromDraft } from './rule-draft.js';

function createExpenses(path: string, approver: string): void {
  const db = new Database(path);
  db.exec(`CREATE TABLE expenses (id INTEGER PRIMARY KEY, amount REAL NOT NULL, ${approver} TEXT)`);
  db.close();
}

const DRAFT: RuleDraft = {
  id: 'approval',
  title: 'Large expenses are approved',
  severity: 'high',
  connection: 'north',
  table: 'expenses',
  when: 'amount > 1000',
  require: 'approved_by IS NOT NULL',
  mappings: [{ connection: 'south', table: 'expenses' }],
};

describe('rule drafts with further mappings', () => {
  let t: TestApi;
  beforeEach(async () => {
    t = await createTestApi({ rules: 'none' });
    for (const [name, approver] of [
      ['north', 'approved_by'],
      ['south', 'approved_by'],
      ['west', 'approver'],
    ] as const) {
      const path = join(t.dir, `${name}.sqlite`);
      createExpenses(path, approver);
      t.ws.connections.add(name, { engine: 'sqlite', path }, 'test');
    }
  });
  afterEach(() => t.close());

  it('converts to a rule and back without losing a mapping', () => {
    const draft: RuleDraft = {
      ...DRAFT,
      mappings: [
        { connection: 'south', table: 'expenses', key: ['id'], join: [{ table: 'people', on: 'people.id = expenses.approved_by', type: 'left' }] },
        { connection: 'west', query: 'SELECT * FROM expenses' },
      ],
    };
    const { rule, problems } = ruleFromDraft(draft);
    expect(problems).toEqual([]);
    expect(rule!.mappings).toHaveLength(2);
    expect(draftFromRule(rule!)).toEqual(draft);
  });

  it('puts shape problems on the mapping they belong to', () => {
    const { problems } = ruleFromDraft({ ...DRAFT, mappings: [{ connection: 'south', table: 'expenses', query: 'SELECT 1' }, { connection: ' ' }] });
    expect(problems.map((p) => p.field)).toEqual(['mappings.0', 'mappings.1', 'mappings.1']);
    expect(problems[0]!.message).toMatch(/^Mapping #1 \(south\.expenses\): use either a table or a query/);
    const same = ruleFromDraft({ ...DRAFT, mappings: [{ connection: 'north', table: 'expenses' }] });
    expect(same.problems).toEqual([{ field: 'mappings', message: expect.stringMatching(/also_on\[0\] \(north\.expenses\) reads table "expenses"/) }]);
  });

  it('checks each mapping against its own schema, naming the one that does not fit', async () => {
    const { problems } = await t.api.checkRule({ draft: { ...DRAFT, mappings: [{ connection: 'south', table: 'expenses' }, { connection: 'west', table: 'expenses' }] } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'mappings.1' });
    expect(problems[0]!.message).toMatch(/^Mapping #2 \(west\.expenses\): .*approved_by/);
    const missing = await t.api.checkRule({ draft: { ...DRAFT, mappings: [{ connection: 'east', table: 'expenses' }] } });
    expect(missing.problems).toEqual([{ field: 'mappings.0', message: expect.stringContaining('there is no connection "east"') }]);
  });

  it('saves the mappings with their keys filled in, and shows them when the rule is opened again', async () => {
    await t.api.saveRule({ draft: DRAFT, activate: true });
    const stored = t.ws.rules.get('approval')!;
    expect(stored.mappings).toEqual([{ connection: 'south', table: 'expenses', key: ['id'] }]);
    const detail = await t.api.getRule({ id: 'approval' });
    expect(detail.draft.mappings).toEqual([{ connection: 'south', table: 'expenses', key: ['id'] }]);
  });
});
