import { afterEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../workspace/test-workspace.js';
import { UPSERT_CHUNK, ViolationWriter, existingId, existingStatus, violationTexts, type NewViolation } from './violation-writer.js';
import { RunStore } from './run-store.js';

const places: { dispose(): void }[] = [];
afterEach(() => {
  for (const place of places.splice(0)) place.dispose();
});

function setup(): { writer: ViolationWriter; runId: number; db: ReturnType<typeof tempWorkspace>['ws']['db']; rows(): { record_key: string; status: string; justification: string }[] } {
  const made = tempWorkspace();
  places.push(made);
  const db = made.ws.db;
  const runId = new RunStore(db).start('test', '2025-01-01', 'now');
  return {
    writer: new ViolationWriter(db),
    runId,
    db,
    rows: () => db.prepare('SELECT record_key, status, justification FROM violations ORDER BY id').all() as { record_key: string; status: string; justification: string }[],
  };
}

const violation = (n: number, text = `v${n}`): NewViolation => ({ recordKey: `[${n}]`, snapshot: `{"id":${n}}`, justification: text });

describe('ViolationWriter', () => {
  // UPSERT_CHUNK rows go in one statement; a group is split into such chunks and one statement for the rest.
  it('writes a group of any size, chunked or not, in order and once per key', () => {
    const { writer, runId, rows, db } = setup();
    const ctx = { ruleId: 'r', connection: 'c', table: 't', severity: 'high', runId };
    const size = 2 * UPSERT_CHUNK + 23;
    const group = Array.from({ length: size }, (_, i) => violation(i + 1));
    // A key twice in one chunk and once more in the tail: the later copies change nothing.
    group[30] = violation(5, 'again');
    group[size - 3] = violation(6, 'again');
    expect(writer.write(group, ctx, '2025-01-01T00:00:00Z')).toBe(size - 2);
    const written = rows();
    expect(written).toHaveLength(size - 2);
    expect(written.filter((r) => r.justification === 'again')).toEqual([]);
    expect(written.slice(0, 3).map((r) => r.record_key)).toEqual(['[1]', '[2]', '[3]']);
    // What the rows of a group share is bound once per statement: chunked and single rows alike.
    const shared = db
      .prepare('SELECT DISTINCT rule_id, connection, target_table, severity, status, first_seen_run, first_seen_at, status_changed_at FROM violations')
      .all();
    expect(shared).toEqual([
      { rule_id: 'r', connection: 'c', target_table: 't', severity: 'high', status: 'open', first_seen_run: runId, first_seen_at: '2025-01-01T00:00:00Z', status_changed_at: '2025-01-01T00:00:00Z' },
    ]);
    expect(db.prepare("SELECT snapshot FROM violations WHERE record_key = '[7]'").pluck(true).get()).toBe('{"id":7}');
  });

  it('takes violations in their flat form as it takes them whole, and refuses a list that is not whole violations', () => {
    const { writer, runId, rows } = setup();
    const ctx = { ruleId: 'r', connection: 'c', table: 't', severity: 'high', runId };
    const group = Array.from({ length: UPSERT_CHUNK + 7 }, (_, i) => violation(i + 1));
    expect(violationTexts(group.slice(0, 2))).toEqual(['[1]', '{"id":1}', 'v1', '[2]', '{"id":2}', 'v2']);
    expect(writer.writeTexts(violationTexts(group), ctx, 'now')).toBe(group.length);
    expect(rows().map((r) => [r.record_key, r.justification])).toEqual(group.map((v) => [v.recordKey, v.justification]));
    expect(() => writer.writeTexts(['[999]', '{"id":999}'], ctx, 'now')).toThrow('2 texts are not whole violations');
    expect(rows()).toHaveLength(group.length);
  });

  it('resolves the open violations of every place the rule no longer reads, across tables and connections', () => {
    const { writer, runId, db } = setup();
    const places = [['a', 't1'], ['a', 't2'], ['a', 't3'], ['b', 't1'], ['c', 't0']] as const;
    for (const [connection, table] of places) {
      writer.write([violation(1), violation(2)], { ruleId: 'r', connection, table, severity: 'high', runId }, 'then');
    }
    writer.write([violation(1)], { ruleId: 'other', connection: 'a', table: 't1', severity: 'high', runId }, 'then');
    const kept = [{ connection: 'a', table: 't2' }, { connection: 'c', table: 't0' }];
    expect(writer.resolveRetired('r', kept, runId, 'now')).toHaveLength(6);
    const open = db.prepare("SELECT DISTINCT rule_id, connection, target_table FROM violations WHERE status = 'open' ORDER BY 1, 2, 3").raw(true).all();
    expect(open).toEqual([['other', 'a', 't1'], ['r', 'a', 't2'], ['r', 'c', 't0']]);
    expect(writer.resolveRetired('r', kept, runId, 'now')).toEqual([]);
  });

  it('reopens a resolved violation seen again and leaves an open or dismissed one as it is, in chunks as in single rows', () => {
    const { writer, runId, rows } = setup();
    const ctx = { ruleId: 'r', connection: 'c', table: 't', severity: 'high', runId };
    const size = UPSERT_CHUNK + 10;
    writer.write(Array.from({ length: size }, (_, i) => violation(i + 1)), ctx, 'then');
    const ids = rows().map((_r, i) => i + 1);
    // Resolve key 1 (in the next write's first chunk) and one in its tail.
    const tailKey = UPSERT_CHUNK + 5;
    expect(writer.resolve([ids[0]!, ids[tailKey - 1]!], runId, 'later')).toBe(2);
    const changed = writer.write(Array.from({ length: size }, (_, i) => violation(i + 1, `seen again ${i + 1}`)), ctx, 'now');
    expect(changed).toBe(2);
    const after = rows();
    expect(after.filter((r) => r.status === 'open')).toHaveLength(size);
    expect(after.filter((r) => r.justification.startsWith('seen again')).map((r) => r.record_key)).toEqual(['[1]', `[${tailKey}]`]);
  });

  it('loads every earlier violation of a rule with its id and status, per place or over all places', () => {
    const { writer, runId, db } = setup();
    const here = { ruleId: 'r', connection: 'c', table: 't', severity: 'high', runId };
    const there = { ...here, connection: 'd' };
    writer.write([violation(1), violation(2), violation(3), violation(4)], here, 'then');
    writer.write([violation(1)], there, 'then');
    writer.write([violation(9)], { ...here, ruleId: 'other' }, 'then');
    const id = (key: string, connection = 'c') =>
      db.prepare('SELECT id FROM violations WHERE rule_id = ? AND record_key = ? AND connection = ?').pluck(true).get('r', key, connection) as number;
    db.prepare("UPDATE violations SET status = 'confirmed' WHERE id = ?").run(id('[2]'));
    db.prepare("UPDATE violations SET status = 'dismissed' WHERE id = ?").run(id('[3]'));
    writer.resolve([id('[4]')], runId, 'now');
    const at = writer.loadExisting('r', { connection: 'c', table: 't' });
    expect([...at].map(([key, packed]) => [key, existingId(packed), existingStatus(packed)])).toEqual(
      expect.arrayContaining([
        ['[1]', id('[1]'), 'open'],
        ['[2]', id('[2]'), 'confirmed'],
        ['[3]', id('[3]'), 'dismissed'],
        ['[4]', id('[4]'), 'resolved'],
      ]),
    );
    expect(at.size).toBe(4);
    // Without a place: both places' keys (the same key in two places is one map entry, as before).
    expect(writer.loadExisting('r').size).toBe(4);
    expect(existingStatus(writer.loadExisting('r', { connection: 'd', table: 't' }).get('[1]')!)).toBe('open');
  });
});
