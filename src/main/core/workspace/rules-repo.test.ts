import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Rule } from '../../../shared/rule.js';
import { tempWorkspace } from './test-workspace.js';
import type { Workspace } from './workspace.js';

let ws: Workspace;
let dispose: () => void;
beforeEach(() => {
  ({ ws, dispose } = tempWorkspace());
});
afterEach(() => dispose());

function rule(overrides: Partial<Rule> = {}): Rule {
  return {
    id: 'receipt-over-75',
    title: 'Expenses over $75 need a receipt',
    severity: 'high',
    target: { connection: 'demo', table: 'expenses', key: ['id'] },
    when: { kind: 'compare', op: '>', left: { kind: 'column', name: 'amount' }, right: { kind: 'number', value: 75 } },
    require: { kind: 'compare', op: '=', left: { kind: 'column', name: 'receipt' }, right: { kind: 'boolean', value: true } },
    status: 'draft',
    origin: 'manual',
    version: 1,
    ...overrides,
  };
}

describe('rules repository', () => {
  it('creates at version 1 and reads back the same rule', () => {
    const stored = ws.rules.upsert(rule({ version: 42 }), 'ann', 'imported from rules.yaml');
    expect(stored.version).toBe(1);
    expect(ws.rules.get('receipt-over-75')).toEqual(rule());
    expect(ws.rules.versions('receipt-over-75')).toEqual([
      expect.objectContaining({ version: 1, actor: 'ann', reason: 'imported from rules.yaml', definition: rule() }),
    ]);
    expect(ws.audit.list().map((e) => e.action)).toEqual(['rule.imported']);
  });

  it('bumps the version only when the definition changed', () => {
    ws.rules.upsert(rule(), 'ann');
    expect(ws.rules.upsert(rule({ version: 7 }), 'ann').version).toBe(1);
    expect(ws.rules.versions('receipt-over-75')).toHaveLength(1);

    const changed = ws.rules.upsert(rule({ severity: 'critical', title: 'Receipts' }), 'bob', 'tightened');
    expect(changed.version).toBe(2);
    expect(ws.rules.get('receipt-over-75')).toMatchObject({ severity: 'critical', version: 2 });
    expect(ws.rules.versions('receipt-over-75').map((v) => [v.version, v.actor, v.definition.severity])).toEqual([
      [1, 'ann', 'high'],
      [2, 'bob', 'critical'],
    ]);
    const updated = ws.audit.list({ action: 'rule.updated' });
    expect(updated).toHaveLength(1);
    expect(updated[0]!.details).toEqual({ version: 2, previousVersion: 1, changed: ['severity', 'title'], reason: 'tightened' });
    const row = ws.db.prepare('SELECT severity, title, version, connection, target_table FROM rules').get();
    expect(row).toEqual({ severity: 'critical', title: 'Receipts', version: 2, connection: 'demo', target_table: 'expenses' });
  });

  it('treats a status change in an upsert as a status change, not a new version', () => {
    ws.rules.upsert(rule(), 'ann');
    const active = ws.rules.upsert(rule({ status: 'active' }), 'ann', 'activated on import');
    expect(active).toMatchObject({ status: 'active', version: 1 });
    expect(ws.rules.versions('receipt-over-75')).toHaveLength(1);
    expect(ws.audit.list().map((e) => e.action)).toEqual(['rule.imported', 'rule.activated']);
  });

  it('setStatus writes rule.activated / rule.deactivated with actor and reason, and nothing when unchanged', () => {
    ws.rules.upsert(rule(), 'ann');
    expect(ws.rules.setStatus('receipt-over-75', 'active', 'bob', 'reviewed').status).toBe('active');
    ws.rules.setStatus('receipt-over-75', 'active', 'bob');
    ws.rules.setStatus('receipt-over-75', 'inactive', 'carl', 'too noisy');
    const entries = ws.audit.list({ entityType: 'rule', entityId: 'receipt-over-75' });
    expect(entries.map((e) => [e.action, e.actor, e.details.reason])).toEqual([
      ['rule.imported', 'ann', undefined],
      ['rule.activated', 'bob', 'reviewed'],
      ['rule.deactivated', 'carl', 'too noisy'],
    ]);
    expect(ws.rules.get('receipt-over-75')).toMatchObject({ status: 'inactive', version: 1 });
    expect(JSON.parse(ws.db.prepare('SELECT definition FROM rules').pluck().get() as string).status).toBe('inactive');
    expect(() => ws.rules.setStatus('nope', 'active', 'bob')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('lists with filters, by id', () => {
    ws.rules.upsert(rule({ id: 'b', status: 'active' }), 'ann');
    ws.rules.upsert(rule({ id: 'a', status: 'active', target: { connection: 'crm', table: 't', key: ['id'] } }), 'ann');
    ws.rules.upsert(rule({ id: 'c' }), 'ann');
    expect(ws.rules.list().map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(ws.rules.list({ status: 'active' }).map((r) => r.id)).toEqual(['a', 'b']);
    expect(ws.rules.list({ status: 'active', connection: 'demo' }).map((r) => r.id)).toEqual(['b']);
    expect(ws.rules.get('zzz')).toBeNull();
  });

  it('refuses a malformed rule, naming the field, and writes nothing', () => {
    expect(() => ws.rules.upsert(rule({ severity: 'urgent' as never }), 'ann')).toThrow(/severity/);
    expect(() => ws.rules.upsert(rule({ id: '' }), 'ann')).toThrow(expect.objectContaining({ code: 'RULE_INVALID' }));
    expect(ws.rules.list()).toEqual([]);
    expect(ws.audit.list()).toEqual([]);
  });

  it('rolls back the rule with the caller transaction', () => {
    expect(() =>
      ws.db.transaction(() => {
        ws.rules.upsert(rule(), 'ann');
        throw new Error('abort import');
      })(),
    ).toThrow('abort import');
    expect(ws.rules.list()).toEqual([]);
    expect(ws.audit.verify()).toEqual({ ok: true, entries: 0 });
  });
});
