import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ViolationFilter } from '../../../shared/api/violations.js';
import { createViolationsApi } from '../api/violations-api.js';
import { tempWorkspace } from '../workspace/test-workspace.js';
import { bulkReview } from './bulk-review.js';
import { generateViolations, insertViolations, testContext } from './test-violations.js';

describe('bulkReview', () => {
  let t: ReturnType<typeof tempWorkspace>;
  const rows = generateViolations(400, 11);
  beforeEach(() => {
    t = tempWorkspace();
    insertViolations(t.ws, rows);
  });
  afterEach(() => t.dispose());

  const count = (sql: string, ...params: unknown[]): number => t.ws.db.prepare(sql).pluck().get(...params) as number;

  it('moves every matching violation that allows it, in small batches, and counts the rest as skipped', async () => {
    const filter: ViolationFilter = { ruleId: 'r1' };
    const matching = rows.filter((r) => r.ruleId === 'r1');
    const allowed = matching.filter((r) => r.status === 'open' || r.status === 'confirmed');
    expect(allowed.length).toBeGreaterThan(7 * 3); // several batches of 7
    expect(matching.length).toBeGreaterThan(allowed.length);
    const before = count(`SELECT count(*) FROM violations WHERE status = 'dismissed'`);

    const result = await bulkReview(t.ws, 'app:bob', filter, 'dismiss', ' duplicate feed ', { batchSize: 7 });

    expect(result).toEqual({ updated: allowed.length, skipped: matching.length - allowed.length, cancelled: false });
    expect(count(`SELECT count(*) FROM violations WHERE rule_id = 'r1' AND status IN ('open', 'confirmed')`)).toBe(0);
    expect(count(`SELECT count(*) FROM violations WHERE status = 'dismissed'`)).toBe(before + allowed.length);
    expect(count(`SELECT count(*) FROM reviews WHERE action = 'dismiss' AND reason = 'duplicate feed' AND actor = 'app:bob'`)).toBe(allowed.length);
    expect(count(`SELECT count(DISTINCT violation_id) FROM reviews`)).toBe(allowed.length);
    // Others are untouched.
    expect(count(`SELECT count(*) FROM violations WHERE rule_id <> 'r1' AND status = 'open'`)).toBe(rows.filter((r) => r.ruleId !== 'r1' && r.status === 'open').length);
    const entries = t.ws.audit.list({ action: 'violation.bulk-reviewed' });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.details).toEqual({ filter: { ruleId: 'r1' }, action: 'dismiss', reason: 'duplicate feed', updated: allowed.length });
    expect(t.ws.audit.list()).toHaveLength(1);
  });

  it('writes the summary when the last batch is exactly full', async () => {
    const open = rows.filter((r) => r.status === 'open').length;
    const result = await bulkReview(t.ws, 'app:bob', { status: 'open' }, 'confirm', undefined, { batchSize: open });
    expect(result).toEqual({ updated: open, skipped: 0, cancelled: false });
    expect(t.ws.audit.list({ action: 'violation.bulk-reviewed' })).toHaveLength(1);
  });

  it('resolves and reopens in bulk, setting and clearing the resolution', async () => {
    const open = rows.filter((r) => r.status === 'open' || r.status === 'confirmed').length;
    const resolved = await bulkReview(t.ws, 'app:bob', {}, 'resolve');
    expect(resolved).toEqual({ updated: open, skipped: rows.length - open, cancelled: false });
    expect(count(`SELECT count(*) FROM violations WHERE status = 'resolved' AND resolved_at IS NULL`)).toBe(0);
    const reopened = await bulkReview(t.ws, 'app:bob', { status: 'resolved' }, 'reopen', 'audit sample');
    expect(reopened.updated).toBe(rows.filter((r) => r.status === 'resolved').length + open);
    expect(count(`SELECT count(*) FROM violations WHERE resolved_at IS NOT NULL OR resolved_run IS NOT NULL`)).toBe(0);
  });

  it('refuses a dismissal without a reason before touching anything; nothing matching writes no entry', async () => {
    const { ctx, events } = testContext(t.ws);
    const api = createViolationsApi(ctx);
    await expect(api.bulkReview({ filter: {}, action: 'dismiss', reason: '' })).rejects.toThrow(/A dismissal needs a reason/);
    expect(count('SELECT count(*) FROM reviews')).toBe(0);
    expect(await api.bulkReview({ filter: { ruleId: 'nope' }, action: 'confirm' })).toEqual({ updated: 0, skipped: 0, cancelled: false });
    expect(t.ws.audit.list()).toHaveLength(0);
    expect(events).toHaveLength(0);
    await api.bulkReview({ filter: { status: 'open' }, action: 'confirm' });
    expect(events).toContainEqual({ type: 'data.changed', what: 'violations' });
  });

  it('stops between batches when cancelled: the committed batches stay, and the trail says it was cancelled', async () => {
    const open = rows.filter((r) => r.status === 'open').length;
    const controller = new AbortController();
    const seen: [number, number][] = [];
    const result = await bulkReview(t.ws, 'app:bob', { status: 'open' }, 'confirm', undefined, {
      batchSize: 10,
      signal: controller.signal,
      onProgress: (updated, total) => {
        seen.push([updated, total]);
        if (updated >= 20) controller.abort();
      },
    });
    expect(result).toEqual({ updated: 20, skipped: 0, cancelled: true });
    expect(seen).toEqual([
      [10, open],
      [20, open],
    ]);
    expect(count(`SELECT count(*) FROM violations WHERE status = 'open'`)).toBe(open - 20);
    expect(count(`SELECT count(*) FROM reviews`)).toBe(20);
    expect(t.ws.audit.list({ action: 'violation.bulk-reviewed' }).map((e) => e.details)).toEqual([
      { filter: { status: 'open' }, action: 'confirm', reason: null, updated: 20, cancelled: true },
    ]);
  });

  it('reports progress as events for a request id and cancels it through the API', async () => {
    const big = tempWorkspace();
    try {
      const many = generateViolations(4000, 3);
      insertViolations(big.ws, many);
      const open = many.filter((r) => r.status === 'open').length;
      expect(open).toBeGreaterThan(1000); // more than one batch
      const { ctx, events } = testContext(big.ws);
      const api = createViolationsApi(ctx);
      // Not running: cancelling is a no-op.
      await api.cancelBulkReview({ requestId: 'none' });
      // The first batch commits before the call hands back its promise; the cancel lands before the second.
      const pending = api.bulkReview({ filter: { status: 'open' }, action: 'confirm', requestId: 'req-1' });
      await expect(api.bulkReview({ filter: {}, action: 'confirm', requestId: 'req-1' })).rejects.toThrow(/already running/);
      await api.cancelBulkReview({ requestId: 'req-1' });
      expect(await pending).toEqual({ updated: 1000, skipped: 0, cancelled: true });
      expect(events).toContainEqual({ type: 'review.progress', requestId: 'req-1', updated: 1000, total: open });
      expect(events).toContainEqual({ type: 'data.changed', what: 'violations' });
      expect(big.ws.db.prepare(`SELECT count(*) FROM violations WHERE status = 'open'`).pluck().get()).toBe(open - 1000);
      // The id is free again once the review ended.
      await expect(api.bulkReview({ filter: { status: 'open' }, action: 'confirm', requestId: 'req-1' })).resolves.toMatchObject({ updated: open - 1000, cancelled: false });
    } finally {
      big.dispose();
    }
  });
});
