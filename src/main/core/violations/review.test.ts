import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReviewAction, ViolationStatus } from '../../../shared/api/violations.js';
import { AppError } from '../../../shared/errors.js';
import { createViolationsApi } from '../api/violations-api.js';
import { ViolationWriter } from '../scan/violation-writer.js';
import { tempWorkspace } from '../workspace/test-workspace.js';
import type { Workspace } from '../workspace/workspace.js';
import { generateViolations, insertViolations, testContext, testRule } from './test-violations.js';

const ALLOWED: Record<ViolationStatus, ReviewAction[]> = {
  open: ['confirm', 'dismiss', 'resolve'],
  confirmed: ['dismiss', 'resolve'],
  dismissed: ['reopen'],
  resolved: ['reopen'],
};
const TARGET: Record<ReviewAction, ViolationStatus> = { confirm: 'confirmed', dismiss: 'dismissed', resolve: 'resolved', reopen: 'open' };
const VERB: Record<ReviewAction, string> = { confirm: 'confirmed', dismiss: 'dismissed', resolve: 'resolved', reopen: 'reopened' };

describe('reviewViolation', () => {
  let t: ReturnType<typeof tempWorkspace>;
  let ws: Workspace;
  beforeEach(() => {
    t = tempWorkspace();
    ws = t.ws;
    ws.rules.upsert(testRule('r0', 'critical'), 'test');
  });
  afterEach(() => t.dispose());

  function violation(status: ViolationStatus): number {
    const [row] = generateViolations(1);
    return insertViolations(ws, [{ ...row!, ruleId: 'r0', status, resolvedAt: status === 'resolved' ? '2023-03-01T00:00:00.000Z' : null, resolvedRun: status === 'resolved' ? 3 : null }])[0]!;
  }

  for (const from of Object.keys(ALLOWED) as ViolationStatus[]) {
    for (const action of ['confirm', 'dismiss', 'resolve', 'reopen'] as ReviewAction[]) {
      const allowed = ALLOWED[from].includes(action);
      it(`${allowed ? 'allows' : 'refuses'} ${action} on a ${from} violation`, async () => {
        const { ctx, events } = testContext(ws);
        const api = createViolationsApi(ctx);
        const id = violation(from);
        const call = api.reviewViolation({ id, action, reason: 'because' });
        if (!allowed) {
          const error = await call.then(() => null, (e: unknown) => e);
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('INVALID_INPUT');
          expect((error as AppError).message).toContain(`is ${from}`);
          expect(ws.violations.get(id)!.status).toBe(from);
          expect(ws.db.prepare('SELECT count(*) FROM reviews').pluck().get()).toBe(0);
          expect(ws.audit.list({ action: `violation.${VERB[action]}` })).toHaveLength(0);
          expect(events).toHaveLength(0);
          return;
        }
        const detail = await call;
        const to = TARGET[action];
        expect(detail.row.status).toBe(to);
        const stored = ws.violations.get(id)!;
        expect(stored.status).toBe(to);
        expect(stored.resolvedRun).toBeNull();
        if (to === 'resolved') expect(stored.resolvedAt).toBe(stored.statusChangedAt);
        else expect(stored.resolvedAt).toBeNull();
        const reviews = ws.db.prepare('SELECT action, reason, actor, at FROM reviews WHERE violation_id = ?').all(id) as Array<Record<string, string>>;
        expect(reviews).toEqual([{ action, reason: 'because', actor: 'app:alice', at: stored.statusChangedAt }]);
        const entries = ws.audit.list({ action: `violation.${VERB[action]}` });
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({ actor: 'app:alice', entityType: 'violation', entityId: String(id) });
        expect(entries[0]!.details).toMatchObject({ ruleId: 'r0', reason: 'because', from, to });
        expect(events).toContainEqual({ type: 'data.changed', what: 'violations' });
        expect(detail.history.at(-1)).toMatchObject({ action, actor: 'app:alice', reason: 'because' });
      });
    }
  }

  it('needs a non-blank reason to dismiss, and stores nothing without one', async () => {
    const api = createViolationsApi(testContext(ws).ctx);
    const id = violation('open');
    for (const reason of [undefined, '', '   ']) {
      await expect(api.reviewViolation({ id, action: 'dismiss', reason })).rejects.toThrow(/A dismissal needs a reason/);
    }
    expect(ws.violations.get(id)!.status).toBe('open');
    expect(ws.db.prepare('SELECT count(*) FROM reviews').pluck().get()).toBe(0);
    const detail = await api.reviewViolation({ id, action: 'confirm', reason: '  ' });
    expect(detail.history.at(-1)!.reason).toBeNull();
  });

  it('says what the current status allows when a move is refused', async () => {
    const api = createViolationsApi(testContext(ws).ctx);
    const id = violation('dismissed');
    await expect(api.reviewViolation({ id, action: 'confirm' })).rejects.toThrow(/is dismissed.*only be reopened/);
    await expect(api.reviewViolation({ id: 999_999, action: 'confirm' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stays consistent with the scanner: a manual resolve is reopened when the record violates again, a dismissal is kept', async () => {
    const api = createViolationsApi(testContext(ws).ctx);
    const writer = new ViolationWriter(ws.db);
    const ctx = { ruleId: 'r0', connection: 'shop', table: 'orders', severity: 'critical', runId: 1 };
    writer.write([{ recordKey: '[1]', snapshot: '{}', justification: 'first' }, { recordKey: '[2]', snapshot: '{}', justification: 'first' }], ctx, '2023-06-01T00:00:00.000Z');
    const [a, b] = ws.violations.list().map((v) => v.id) as [number, number];
    await api.reviewViolation({ id: a, action: 'resolve', reason: 'fixed by hand' });
    await api.reviewViolation({ id: b, action: 'dismiss', reason: 'exception' });
    writer.write([{ recordKey: '[1]', snapshot: '{}', justification: 'again' }, { recordKey: '[2]', snapshot: '{}', justification: 'again' }], { ...ctx, runId: 2 }, '2030-01-01T00:00:00.000Z');
    expect(ws.violations.get(a)!.status).toBe('open');
    expect(ws.violations.get(b)!.status).toBe('dismissed');
    const history = (await api.getViolation({ id: a })).history.map((h) => h.action);
    expect(history).toEqual(['detected', 'resolve', 'reopened-by-scan']);
  });

  it('keeps a scan resolution in the history after a manual reopen erases it from the row', async () => {
    const api = createViolationsApi(testContext(ws).ctx);
    const id = violation('resolved');
    const detail = await api.reviewViolation({ id, action: 'reopen', reason: 'still broken' });
    expect(detail.resolvedRun).toBeNull();
    expect(detail.history.map((h) => [h.action, h.reason])).toEqual([
      ['detected', null],
      ['resolved-by-scan', 'run 3'],
      ['reopen', 'still broken'],
    ]);
  });
});
