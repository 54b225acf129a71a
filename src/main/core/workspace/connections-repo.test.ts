import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../../../shared/errors.js';
import { tempWorkspace } from './test-workspace.js';
import type { Workspace } from './workspace.js';

let ws: Workspace;
let dispose: () => void;
beforeEach(() => {
  ({ ws, dispose } = tempWorkspace());
});
afterEach(() => dispose());

const sqlite = { engine: 'sqlite', path: '/data/shop.db' } as const;

describe('connections repository', () => {
  it('adds, gets, lists and removes, with an audit entry for each change', () => {
    const added = ws.connections.add('shop', sqlite, 'ann');
    expect(added).toMatchObject({ name: 'shop', engine: 'sqlite', config: sqlite });
    ws.connections.add('crm', { engine: 'postgres', url: 'postgres://app@db:5432/crm', passwordEnv: 'CRM_PW' }, 'ann');
    expect(ws.connections.get('shop')).toEqual(added);
    expect(ws.connections.list().map((c) => c.name)).toEqual(['crm', 'shop']);
    ws.connections.remove('shop', 'bob', 'decommissioned');
    expect(ws.connections.get('shop')).toBeNull();
    const entries = ws.audit.list({ entityType: 'connection' });
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ['connection.added', 'ann'],
      ['connection.added', 'ann'],
      ['connection.removed', 'bob'],
    ]);
    expect(entries[2]!.details).toEqual({ name: 'shop', engine: 'sqlite', reason: 'decommissioned' });
    expect(ws.audit.verify().ok).toBe(true);
  });

  it('refuses a duplicate name with ALREADY_EXISTS and writes nothing', () => {
    ws.connections.add('shop', sqlite, 'ann');
    expect(() => ws.connections.add('shop', { engine: 'sqlite', path: '/other.db' }, 'ann')).toThrow(
      'A connection named "shop" already exists',
    );
    try {
      ws.connections.add('shop', sqlite, 'ann');
    } catch (error) {
      expect((error as AppError).code).toBe('ALREADY_EXISTS');
    }
    expect(ws.connections.get('shop')!.config).toEqual(sqlite);
    expect(ws.audit.list()).toHaveLength(1);
  });

  it('refuses bad names and configs, and says NOT_FOUND when removing an unknown name', () => {
    expect(() => ws.connections.add(' ', sqlite, 'ann')).toThrow(/connection name/);
    expect(() => ws.connections.add('x', { engine: 'mysql' }, 'ann')).toThrow(/Invalid configuration/);
    expect(() => ws.connections.add('x', { engine: 'sqlite' }, 'ann')).toThrow(/path/);
    expect(() => ws.connections.remove('nope', 'ann')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('never stores a password: a config holding one is refused, wherever it hides', () => {
    const withSecrets: unknown[] = [
      { engine: 'postgres', url: 'postgres://app@db/crm', password: 'hunter2' },
      { engine: 'postgres', url: 'postgres://app@db/crm', Password: 'hunter2' },
      { engine: 'postgres', url: 'postgres://app:hunter2@db/crm' },
      { engine: 'postgres', url: 'postgres://app@db/crm?password=hunter2' },
      { engine: 'sqlite', path: '/x.db', options: { nested: [{ password: 'hunter2' }] } },
    ];
    for (const config of withSecrets) {
      expect(() => ws.connections.add('crm', config, 'ann')).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('password') }),
      );
    }
    expect(ws.db.prepare('SELECT count(*) FROM connections').pluck().get()).toBe(0);
    expect(ws.audit.list()).toHaveLength(0);
  });

  it('property: no stored config ever contains a password key', () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
      node: fc.oneof(
        { depthSize: 'small' },
        tie('leaf'),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('password', 'PASSWORD', 'pwd', 'path', 'note', 'x'), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    let n = 0;
    fc.assert(
      fc.property(value, (extra) => {
        const name = `c${n++}`;
        try {
          ws.connections.add(name, { engine: 'sqlite', path: '/x.db', extra }, 'ann');
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
        }
        const stored = ws.db.prepare('SELECT config FROM connections').pluck().all() as string[];
        for (const text of stored) expect(text.toLowerCase()).not.toMatch(/"(password|pwd)"/);
      }),
      { numRuns: 200 },
    );
  });

  it('checks a stored config on read', () => {
    ws.connections.add('shop', sqlite, 'ann');
    ws.db.prepare(`UPDATE connections SET config = '{"engine":"sqlite"}' WHERE name = 'shop'`).run();
    expect(() => ws.connections.get('shop')).toThrow(expect.objectContaining({ code: 'WORKSPACE_INVALID' }));
  });
});

describe('removing a connection that rules use', () => {
  it('is refused, naming the rules, until they are deactivated', () => {
    const { ws, dispose } = tempWorkspace();
    try {
      ws.connections.add('shop', { engine: 'sqlite', path: '/tmp/shop.sqlite' }, 'test');
      ws.rules.upsert(
        { id: 'late', title: 'Late', severity: 'low', status: 'active', origin: 'manual', version: 1, target: { connection: 'shop', table: 'orders', key: ['id'] }, violation: { kind: 'boolean', value: true } },
        'test',
      );
      expect(() => ws.connections.remove('shop', 'test')).toThrow(/used by 1 rule\(s\): late/);
      ws.rules.setStatus('late', 'inactive', 'test');
      ws.connections.remove('shop', 'test');
      expect(ws.connections.get('shop')).toBeNull();
    } finally {
      dispose();
    }
  });
});
