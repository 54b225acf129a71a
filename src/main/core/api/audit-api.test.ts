import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../workspace/open-workspace.js';
import { tempWorkspace } from '../workspace/test-workspace.js';
import { testContext } from '../violations/test-violations.js';
import { createAuditApi, escapeLike } from './audit-api.js';

describe('audit API', () => {
  let t: ReturnType<typeof tempWorkspace>;
  beforeEach(() => {
    t = tempWorkspace();
    const add = (actor: string, action: string, entityType: string, entityId: string | null, details: Record<string, unknown> = {}) =>
      t.ws.audit.append({ actor, action, entityType, entityId, details });
    add('app:alice', 'violation.confirmed', 'violation', '1', { reason: 'seen it' });
    add('app:bob', 'violation.dismissed', 'violation', '2', { reason: '100% fine_ok' });
    add('scan', 'scan.completed', 'run', '7');
    add('app:alice', 'violations.resolved', 'rule', 'r1', { count: 3 });
    add('app:bob', 'rule.activated', 'rule', 'r1', { reason: 'approved' });
  });
  afterEach(() => t.dispose());

  const api = () => createAuditApi(testContext(t.ws).ctx);
  const seqs = async (filter: Record<string, string>, order?: 'newest' | 'oldest') =>
    (await api().listAudit({ filter, offset: 0, limit: 100, order })).entries.map((e) => e.seq);

  it('lists newest first by default, pages, and counts the total', async () => {
    expect(await seqs({})).toEqual([5, 4, 3, 2, 1]);
    expect(await seqs({}, 'oldest')).toEqual([1, 2, 3, 4, 5]);
    const page = await api().listAudit({ filter: {}, offset: 1, limit: 2 });
    expect(page.total).toBe(5);
    expect(page.entries.map((e) => e.seq)).toEqual([4, 3]);
    expect(page.entries[0]).toMatchObject({ actor: 'app:alice', action: 'violations.resolved', entityType: 'rule', entityId: 'r1', details: { count: 3 } });
    expect(page.entries[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('filters by action prefix, entity, actor and text', async () => {
    expect(await seqs({ action: 'violation.' })).toEqual([2, 1]); // not violations.resolved
    expect(await seqs({ action: 'violation' })).toEqual([4, 2, 1]);
    expect(await seqs({ entityType: 'rule', entityId: 'r1' })).toEqual([5, 4]);
    expect(await seqs({ actor: 'app:bob' })).toEqual([5, 2]);
    expect(await seqs({ text: 'approved' })).toEqual([5]);
    expect(await seqs({ text: 'r1' })).toEqual([5, 4]);
    // Wildcards in the text match only themselves.
    expect(await seqs({ text: '100%' })).toEqual([2]);
    expect(await seqs({ text: '%' })).toEqual([2]);
    expect(await seqs({ text: 'e_o' })).toEqual([2]);
    expect(await seqs({ text: "'; DROP TABLE audit_log; --" })).toEqual([]);
    expect((await api().listAudit({ filter: { actor: 'app:alice', action: 'violation' }, offset: 0, limit: 1 })).total).toBe(2);
    expect(escapeLike('a%b_c\\d')).toBe('a\\%b\\_c\\\\d');
  });

  it('verifies the chain, and reports the entry that was changed behind its back', async () => {
    const ok = await api().verifyAudit({});
    expect(ok).toMatchObject({ ok: true, entries: 5 });
    expect(ok.checkedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    // A copy of the workspace, tampered with outside the app: the append-only trigger dropped first.
    t.ws.close();
    const copy = join(t.dir, 'tampered.psw');
    copyFileSync(join(t.dir, 'test.psw'), copy);
    const tampered = openWorkspace(copy);
    try {
      tampered.db.exec('DROP TRIGGER audit_log_no_update');
      tampered.db.prepare(`UPDATE audit_log SET details = '{"reason":"nothing to see"}' WHERE seq = 2`).run();
      const verdict = await createAuditApi(testContext(tampered).ctx).verifyAudit({});
      expect(verdict).toMatchObject({ ok: false, brokenAt: 2, entries: 1 });
      if (!verdict.ok) expect(verdict.reason).toMatch(/changed/);
    } finally {
      tampered.close();
    }
  });
});
