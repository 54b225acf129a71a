import { afterEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../workspace/test-workspace.js';
import { ViolationWriter, existingId, existingStatus, type NewViolation } from './violation-writer.js';
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
  // 50 rows go in one statement; a group is split into such chunks and single rows after them.
  it('writes a group of any size, chunked or not, in order and once per key', () => {
    const { writer, runId, rows } = setup();
    const ctx = { ruleId: 'r', connection: 'c', table: 't', severity: 'high', runId };
    const group = Array.from({ length: 123 }, (_, i) => violation(i + 1));
    // A key twice in one chunk and once more in the tail: the later copies change nothing.
    group[30] = violation(5, 'again');
    group[120] = violation(6, 'again');
    expect(writer.write(group, ctx, '2025-01-01T00:00:00Z')).toBe(121);
    const written = rows();
    expect(written).toHaveLength(121);
    expect(written.filter((r) => r.justification === 'again')).toEqual([]);
    expect(written.slice(0, 3).map((r) => r.record_key)).toEqual(['[1]', '[2]', '[3]']);
  });

  it('reopens a resolved violation seen again and leaves an open or dismissed one as it is, in chunks as in single rows', () => {
    const { writer, runId, rows } = setup();
    const ctx = { ruleId: 'r', connection: 'c', table: 't', severity: 'high', runId };
    writer.write(Array.from({ length: 60 }, (_, i) => violation(i + 1)), ctx, 'then');
    const ids = rows().map((_r, i) => i + 1);
    // Resolve key 1 (in the next write's first chunk) and key 55 (in its tail).
    expect(writer.resolve([ids[0]!, ids[54]!], runId, 'later')).toBe(2);
    const changed = writer.write(Array.from({ length: 60 }, (_, i) => violation(i + 1, `seen again ${i + 1}`)), ctx, 'now');
    expect(changed).toBe(2);
    const after = rows();
    expect(after.filter((r) => r.status === 'open')).toHaveLength(60);
    expect(after.filter((r) => r.justification.startsWith('seen again')).map((r) => r.record_key)).toEqual(['[1]', '[55]']);
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
