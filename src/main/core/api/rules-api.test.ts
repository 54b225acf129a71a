import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RuleDraft } from '../../../shared/api/rules.js';
import { createTestApi, isEvent, type TestApi } from '../../../../test-support/core-api-harness.js';
import { createTestDatabase, hasPostgres, type TestDatabase } from '../../../../test-support/pg-database.js';
import { rejection } from '../../../../test-support/rejection.js';

let t: TestApi;
beforeEach(async () => {
  t = await createTestApi();
});
afterEach(async () => {
  await t.close();
});

const draft = (over: Partial<RuleDraft> = {}): RuleDraft => ({
  id: 'big-orders',
  title: 'Orders over 1000 are shipped on time',
  severity: 'high',
  connection: 'shop',
  table: 'orders',
  when: 'total > 1000',
  require: 'shipped_at <= required_at',
  ...over,
});

describe('listRules / getRule', () => {
  it('lists rules with open violations and the newest run result, from grouped queries', async () => {
    const before = await t.api.listRules({});
    expect(before.map((r) => r.id)).toEqual(['late-shipments', 'list-price', 'split-purchases']);
    expect(before.every((r) => r.openViolations === 0 && r.lastResult === null)).toBe(true);

    await t.api.startScan({});
    await t.waitForEvent(isEvent('scan.finished'));
    await t.api.startScan({ ruleIds: ['late-shipments'] });
    const second = await t.waitForEvent((e) => e.type === 'scan.finished' && e.run.id === 2);
    expect(second.type).toBe('scan.finished');

    const rules = await t.api.listRules({ status: 'active' });
    const late = rules.find((r) => r.id === 'late-shipments')!;
    expect(late).toMatchObject({ openViolations: 2, table: 'orders', connection: 'shop', status: 'active' });
    expect(late.lastResult).toMatchObject({ runId: 2, status: 'completed', recordsInScope: 4, violationsOpen: 2, error: null });
    // Not in run 2: its newest result is still run 1's.
    expect(rules.find((r) => r.id === 'list-price')!.lastResult).toMatchObject({ runId: 1, violationsOpen: 1 });
    expect(await t.api.listRules({ status: 'draft' })).toEqual([]);
  });

  it('gives a rule with its draft, versions and no policy source', async () => {
    const detail = await t.api.getRule({ id: 'list-price' });
    expect(detail.draft).toMatchObject({ violation: 'order_lines.unit_price <> products.unit_price', key: ['order_id', 'product_id'] });
    expect(detail.versions).toEqual([expect.objectContaining({ version: 1, actor: 'test:auditor', reason: 'test rules' })]);
    expect(detail.source).toBeNull();
    expect((await rejection(t.api.getRule({ id: 'nope' }))).code).toBe('NOT_FOUND');
  });
});

describe('checkRule', () => {
  it('finds nothing wrong with a valid draft', async () => {
    expect(await t.api.checkRule({ draft: draft() })).toEqual({ problems: [] });
  });

  it('places an unknown column in its field and suggests the right one', async () => {
    const { problems } = await t.api.checkRule({ draft: draft({ require: 'shiped_at <= required_at' }) });
    expect(problems).toEqual([expect.objectContaining({ field: 'require', column: 1, length: 'shiped_at'.length })]);
    expect(problems[0]!.message).toMatch(/did you mean "shipped_at"/);
  });

  it('reports a type mismatch on the field that has it', async () => {
    const { problems } = await t.api.checkRule({ draft: draft({ when: "total > 'abc'" }) });
    expect(problems).toEqual([expect.objectContaining({ field: 'when' })]);
    expect(problems[0]!.message).not.toMatch(/^Rule "/);
  });

  it('reports an unknown connection and an unknown table on their fields', async () => {
    expect((await t.api.checkRule({ draft: draft({ connection: 'erp' }) })).problems).toEqual([expect.objectContaining({ field: 'connection', message: expect.stringMatching(/use one of shop/) })]);
    const { problems } = await t.api.checkRule({ draft: draft({ table: 'order' }) });
    expect(problems).toEqual([expect.objectContaining({ field: 'table', message: expect.stringMatching(/did you mean "orders"/) })]);
  });

  it('reports syntax problems with columns and a missing join table together', async () => {
    const { problems } = await t.api.checkRule({ draft: draft({ require: 'total >', join: [{ table: 'clients', on: 'clients.id = orders.customer_id', type: 'left' }] }) });
    expect(problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'require', column: 8 }), expect.objectContaining({ field: 'join', message: expect.stringMatching(/"clients"/) })]),
    );
  });

  it('maps an aggregate outside a group rule and a wrong join column to their fields', async () => {
    const { problems } = await t.api.checkRule({
      draft: draft({ when: undefined, require: 'sum(total) > 5', join: [{ table: 'products', on: 'products.idx = orders.id', type: 'inner' }] }),
    });
    expect(problems.map((p) => p.field).sort()).toEqual(['join.0.on', 'require']);
  });

  it('reports a source that cannot be opened on the connection field', async () => {
    t.ws.connections.add('gone', { engine: 'sqlite', path: `${t.dir}/missing.sqlite` }, 'test');
    const { problems } = await t.api.checkRule({ draft: draft({ connection: 'gone' }) });
    expect(problems).toEqual([expect.objectContaining({ field: 'connection', message: expect.stringMatching(/cannot be opened/) })]);
  });
});

describe('previewRule', () => {
  it('counts and samples violations with justifications, storing nothing', async () => {
    const audit = t.ws.audit.list().length;
    const preview = await t.api.previewRule({ draft: draft({ id: 'late', when: 'shipped_at IS NOT NULL' }), limit: 1 });
    expect(preview).toMatchObject({ recordsInScope: 4, violating: 2 });
    expect(preview.sample).toHaveLength(1);
    expect(preview.sample[0]!.key).toEqual([2]);
    expect(preview.sample[0]!.row).toMatchObject({ id: 2, shipped_at: '2024-03-09' });
    expect(preview.sample[0]!.justification).toMatch(/orders #2/);
    expect(preview.columns).toContain('shipped_at');
    expect(preview.durationMs).toBeGreaterThanOrEqual(0);
    expect(t.ws.rules.get('late')).toBeNull();
    expect(t.ws.audit.list()).toHaveLength(audit);
    expect(t.ws.db.prepare('SELECT count(*) FROM violations').pluck().get()).toBe(0);
  });

  it('previews a group rule by groups', async () => {
    const preview = await t.api.previewRule({
      draft: { id: 'split', title: 'Split', severity: 'low', connection: 'shop', table: 'purchases', groupBy: ['customer_id', 'day'], violation: 'count(*) > 1 AND sum(value) > 5000' },
    });
    expect(preview).toMatchObject({ recordsInScope: 3, violating: 1 });
    expect(preview.sample[0]!.key).toEqual([7, '2024-05-01']);
  });

  it('refuses a bad draft with RULE_INVALID and the problems', async () => {
    const error = await rejection(t.api.previewRule({ draft: draft({ require: 'nope > 1' }) }));
    expect(error.code).toBe('RULE_INVALID');
    expect(error.details?.problems).toEqual([expect.objectContaining({ field: 'require', column: 1, length: 4 })]);
  });
});

describe('saveRule / setRuleStatus', () => {
  it('creates a draft, then a new version, with audit entries and events', async () => {
    const created = await t.api.saveRule({ draft: draft() });
    expect(created).toMatchObject({ id: 'big-orders', status: 'draft', version: 1, origin: 'manual' });
    expect(t.ws.rules.get('big-orders')!.target.key).toEqual(['id']);
    const updated = await t.api.saveRule({ draft: draft({ title: 'Big orders on time' }), reason: 'clearer title' });
    expect(updated).toMatchObject({ version: 2, status: 'draft', title: 'Big orders on time' });
    const actions = t.ws.audit.list({ entityType: 'rule', entityId: 'big-orders' }).map((e) => [e.action, e.actor]);
    expect(actions).toEqual([
      ['rule.imported', 'test:auditor'],
      ['rule.updated', 'test:auditor'],
    ]);
    expect(t.events.filter((e) => e.type === 'data.changed' && e.what === 'rules')).toHaveLength(2);
    const detail = await t.api.getRule({ id: 'big-orders' });
    expect(detail.versions.map((v) => [v.version, v.reason, v.draft.title])).toEqual([
      [1, 'created in the app', 'Orders over 1000 are shipped on time'],
      [2, 'clearer title', 'Big orders on time'],
    ]);
  });

  it('activates on save when asked, and refuses an invalid draft without storing it', async () => {
    expect((await t.api.saveRule({ draft: draft(), activate: true })).status).toBe('active');
    const error = await rejection(t.api.saveRule({ draft: draft({ id: 'other', table: 'ordres' }) }));
    expect(error.code).toBe('RULE_INVALID');
    expect(t.ws.rules.get('other')).toBeNull();
  });

  it('changes status with an audited reason', async () => {
    const summary = await t.api.setRuleStatus({ id: 'list-price', status: 'inactive', reason: 'retired' });
    expect(summary.status).toBe('inactive');
    expect(t.ws.audit.list({ action: 'rule.deactivated' })[0]!.details).toMatchObject({ reason: 'retired' });
    expect((await rejection(t.api.setRuleStatus({ id: 'nope', status: 'active' }))).code).toBe('NOT_FOUND');
  });
});

describe.skipIf(!hasPostgres())('previewRule on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(`CREATE TABLE invoices (id int PRIMARY KEY, amount numeric(10,2) NOT NULL, approved boolean);
      INSERT INTO invoices VALUES (1, 50, NULL), (2, 900, FALSE), (3, 1200, TRUE), (4, 700, NULL)`);
    await client.end();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('counts and samples with bound parameters, a missing value counting as a violation', async () => {
    await t.api.addConnection({ name: 'erp', input: { engine: 'postgres', url: database.url } });
    const preview = await t.api.previewRule({
      draft: { id: 'approval', title: 'Big invoices approved', severity: 'high', connection: 'erp', table: 'invoices', when: 'amount > 100', require: 'approved = TRUE' },
      limit: 1,
    });
    expect(preview).toMatchObject({ recordsInScope: 3, violating: 2 });
    expect(preview.sample).toEqual([expect.objectContaining({ key: [2], row: { id: 2, amount: 900, approved: false } })]);
  });
});
