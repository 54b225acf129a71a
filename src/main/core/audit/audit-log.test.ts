import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { migrate } from '../workspace/migrate.js';
import { MIGRATIONS } from '../workspace/migrations/index.js';
import { tempWorkspace } from '../workspace/test-workspace.js';
import type { Workspace } from '../workspace/workspace.js';
import { createAuditLog } from './audit-log.js';
import { GENESIS_HASH, entryHashOfText } from './hash-chain.js';

let ws: Workspace;
let dispose: () => void;

beforeEach(() => {
  ({ ws, dispose } = tempWorkspace());
});
afterEach(() => dispose());

function appendMany(n: number): void {
  ws.db.transaction(() => {
    for (let i = 1; i <= n; i++) {
      ws.audit.append({ actor: 'ann', action: 'rule.updated', entityType: 'rule', entityId: `r${i}`, details: { i, reason: 'test' } });
    }
  })();
}

/** What a tamperer with raw SQL access does first. */
function dropTriggers(): void {
  ws.db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
}

describe('audit log', () => {
  it('chains entries from the genesis hash with contiguous seq', () => {
    const first = ws.audit.append({ actor: 'ann', action: 'rule.activated', entityType: 'rule', entityId: 'r1', details: { reason: 'ok' } });
    const second = ws.audit.append({ actor: 'bob', action: 'scan.completed', entityType: 'run', entityId: '1' });
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, at: '2024-01-01T00:00:00.000Z' });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, details: {} });
    expect(ws.audit.list()).toEqual([first, second]);
    expect(ws.audit.verify()).toEqual({ ok: true, entries: 2 });
  });

  it('filters and pages the list', () => {
    appendMany(5);
    ws.audit.append({ actor: 'ann', action: 'rule.activated', entityType: 'rule', entityId: 'r2' });
    expect(ws.audit.list({ action: 'rule.activated' }).map((e) => e.seq)).toEqual([6]);
    expect(ws.audit.list({ entityType: 'rule', entityId: 'r2' }).map((e) => e.seq)).toEqual([2, 6]);
    expect(ws.audit.list({ afterSeq: 2, limit: 2 }).map((e) => e.seq)).toEqual([3, 4]);
  });

  it('stores a numeric entity id as text without breaking the chain', () => {
    // Callers outside the type system (JSON, the CLI) may pass a run id as a number.
    const entry = ws.audit.append({ actor: 'ann', action: 'scan.completed', entityType: 'run', entityId: 7 as unknown as string });
    expect(entry.entityId).toBe('7');
    expect(ws.audit.verify()).toEqual({ ok: true, entries: 1 });
  });

  it('refuses entries without actor or action', () => {
    expect(() => ws.audit.append({ actor: ' ', action: 'x', entityType: 'rule', entityId: null })).toThrow(AppError);
    expect(() => ws.audit.append({ actor: 'ann', action: '', entityType: 'rule', entityId: null })).toThrow(/action/);
  });

  it('takes part in the caller transaction: a rollback leaves no entry and the chain intact', () => {
    appendMany(2);
    expect(() =>
      ws.db.transaction(() => {
        ws.audit.append({ actor: 'ann', action: 'violation.dismissed', entityType: 'violation', entityId: '7' });
        throw new Error('boom');
      })(),
    ).toThrow('boom');
    const next = ws.audit.append({ actor: 'ann', action: 'violation.dismissed', entityType: 'violation', entityId: '7' });
    expect(next.seq).toBe(3);
    expect(ws.audit.verify()).toEqual({ ok: true, entries: 3 });
  });

  it('refuses UPDATE and DELETE through triggers', () => {
    appendMany(2);
    expect(() => ws.db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 1").run()).toThrow('audit_log is append-only');
    expect(() => ws.db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow('audit_log is append-only');
    expect(ws.audit.verify()).toEqual({ ok: true, entries: 2 });
  });

  it('detects an edited entry at its seq', () => {
    appendMany(5);
    dropTriggers();
    ws.db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3").run();
    expect(ws.audit.verify()).toMatchObject({ ok: false, brokenAt: 3, entries: 2, reason: expect.stringContaining('hash') });
  });

  it('detects edited details at their seq', () => {
    appendMany(5);
    dropTriggers();
    ws.db.prepare(`UPDATE audit_log SET details = '{"i":4,"reason":"other"}' WHERE seq = 4`).run();
    expect(ws.audit.verify()).toMatchObject({ ok: false, brokenAt: 4 });
  });

  it('detects a deleted entry at the missing seq', () => {
    appendMany(5);
    dropTriggers();
    ws.db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    expect(ws.audit.verify()).toMatchObject({ ok: false, brokenAt: 3, entries: 2, reason: expect.stringContaining('missing') });
  });

  it('detects a deletion hidden by renumbering the entries after it', () => {
    appendMany(5);
    dropTriggers();
    ws.db.exec('DELETE FROM audit_log WHERE seq = 3; UPDATE audit_log SET seq = seq - 1 WHERE seq > 3;');
    expect(ws.audit.verify()).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringContaining('prev_hash') });
  });

  it('detects reordered entries', () => {
    appendMany(5);
    dropTriggers();
    ws.db.exec('UPDATE audit_log SET seq = -1 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 4; UPDATE audit_log SET seq = 4 WHERE seq = -1;');
    expect(ws.audit.verify()).toMatchObject({ ok: false, brokenAt: 3, entries: 2 });
  });

  it('detects an edited prev_hash at its seq', () => {
    appendMany(5);
    dropTriggers();
    ws.db.prepare(`UPDATE audit_log SET prev_hash = ? WHERE seq = 2`).run('f'.repeat(64));
    expect(ws.audit.verify()).toMatchObject({ ok: false, brokenAt: 2, reason: expect.stringContaining('prev_hash') });
  });

});

describe('audit log at scale', () => {
  it('verifies 200,000 entries by streaming, quickly', () => {
    // In memory: the point is verify's cost and memory, not the disk's write speed.
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS);
    const log = createAuditLog(db, () => '2024-01-01T00:00:00.000Z');
    const insert = db.prepare(
      `INSERT INTO audit_log (seq, at, actor, action, entity_type, entity_id, details, prev_hash, hash)
       VALUES (@seq, @at, @actor, @action, @entityType, @entityId, @detailsText, @prevHash, @hash)`,
    );
    // A real chain written straight to the table: append() is covered above and would only be slower.
    db.transaction(() => {
      let prevHash = GENESIS_HASH;
      for (let seq = 1; seq <= 200_000; seq++) {
        const fields = { seq, at: '2024-01-01T00:00:00.000Z', actor: 'ann', action: 'scan.completed', entityType: 'run', entityId: String(seq), detailsText: `{"n":${seq}}` };
        const hash = entryHashOfText(prevHash, fields);
        insert.run({ ...fields, prevHash, hash });
        prevHash = hash;
      }
    })();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    expect(log.verify()).toEqual({ ok: true, entries: 200_000 });
    expect(performance.now() - started).toBeLessThan(10_000);
    // 200k entries held as objects would take well over 50 MB; streaming keeps the growth small.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 * 1024 * 1024);
    // And the next append continues the same chain.
    expect(log.append({ actor: 'ann', action: 'x.y', entityType: 'run', entityId: null }).seq).toBe(200_001);
    expect(log.verify()).toEqual({ ok: true, entries: 200_001 });
    db.close();
  });
});
