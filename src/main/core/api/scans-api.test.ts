import { afterEach, describe, expect, it } from 'vitest';
import type { ScanProgress } from '../../../shared/api/scans.js';
import { createTestApi, isEvent, type TestApi } from '../../../../test-support/core-api-harness.js';
import { rejection } from '../../../../test-support/rejection.js';
import { PROGRESS_INTERVAL_MS, throttleProgress } from './scans-api.js';

let t: TestApi | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('startScan and its events', () => {
  it('returns the run id at once and emits started, progress…, finished, then data changes', async () => {
    t = await createTestApi();
    const { runId } = await t.api.startScan({});
    expect(runId).toBe(1);
    const finished = await t.waitForEvent(isEvent('scan.finished'));
    expect(finished.run).toMatchObject({ id: 1, status: 'completed', violationsOpen: 4, violationsNew: 4 });

    const types = t.events.map((e) => e.type);
    expect(types[0]).toBe('scan.started');
    expect(t.events[0]).toEqual({ type: 'scan.started', runId: 1, ruleCount: 3 });
    const finishedAt = types.indexOf('scan.finished');
    expect(types.slice(1, finishedAt).filter((x) => x !== 'data.changed').every((x) => x === 'scan.progress')).toBe(true);
    expect(t.events.slice(finishedAt + 1)).toEqual([
      { type: 'data.changed', what: 'runs' },
      { type: 'data.changed', what: 'violations' },
    ]);
    // The last progress of every rule is its `done`, never throttled away.
    const progress = t.events.filter(isEvent('scan.progress')).map((e) => e.progress);
    for (const ruleId of ['late-shipments', 'list-price', 'split-purchases']) {
      expect(progress.filter((p) => p.ruleId === ruleId).at(-1)!.phase).toBe('done');
    }
    expect(await t.api.activeScan({})).toBeNull();
  });

  it('runs only the named rules and refuses an unknown one before any run exists', async () => {
    t = await createTestApi();
    await t.api.startScan({ ruleIds: ['list-price'] });
    const finished = await t.waitForEvent(isEvent('scan.finished'));
    expect(finished.run.violationsOpen).toBe(1);
    const error = await rejection(t.api.startScan({ ruleIds: ['nope'] }));
    expect(error.code).toBe('NOT_FOUND');
    expect((await t.api.listRuns({})).total).toBe(1);
    // Refused without leaving a scan marked as running.
    await t.api.startScan({ ruleIds: ['list-price'] });
    await t.waitForEvent((e) => e.type === 'scan.finished' && e.run.id === 2);
  });

  it('allows one scan at a time and names the one running', async () => {
    t = await createTestApi({ source: 'demo' });
    const { runId } = await t.api.startScan({});
    const error = await rejection(t.api.startScan({}));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(new RegExp(`A scan is already running \\(run ${runId}\\)`));
    expect(await t.api.activeScan({})).toMatchObject({ runId });
    await t.waitForEvent(isEvent('scan.finished'));
    expect(await t.api.activeScan({})).toBeNull();
  });

  it('cancels a running scan: it ends cancelled and reports it', async () => {
    t = await createTestApi({ source: 'demo' });
    const { runId } = await t.api.startScan({});
    await t.api.cancelScan({ runId });
    const finished = await t.waitForEvent(isEvent('scan.finished'));
    expect(finished.run).toMatchObject({ id: runId, status: 'cancelled' });
    const detail = await t.api.getRun({ id: runId });
    expect(detail.rules.every((r) => r.status === 'cancelled')).toBe(true);
    expect(await t.api.activeScan({})).toBeNull();
    // A cancel that comes after the end is not an error; an unknown run is.
    await t.api.cancelScan({ runId });
    expect((await rejection(t.api.cancelScan({ runId: 99 }))).code).toBe('NOT_FOUND');
  });

  it('dispose stops a running scan and waits for it', async () => {
    t = await createTestApi({ source: 'demo' });
    await t.api.startScan({});
    await t.api.dispose();
    expect(t.ws.runs.last()!.status).toBe('cancelled');
  });
});

describe('listRuns / getRun', () => {
  it('pages runs newest first with the total, and gives per-rule figures with titles', async () => {
    t = await createTestApi();
    for (let i = 0; i < 3; i++) {
      const { runId } = await t.api.startScan({});
      await t.waitForEvent((e) => e.type === 'scan.finished' && e.run.id === runId);
    }
    const page = await t.api.listRuns({ limit: 2, offset: 1 });
    expect(page.total).toBe(3);
    expect(page.runs.map((r) => r.id)).toEqual([2, 1]);

    const detail = await t.api.getRun({ id: 3 });
    expect(detail.run.status).toBe('completed');
    expect(detail.rules.map((r) => [r.id, r.title, r.violationsOpen, r.ruleVersion])).toEqual([
      ['late-shipments', 'Orders shipped after the required date', 2, 1],
      ['list-price', 'Order lines at list price', 1, 1],
      ['split-purchases', 'Purchases split under the approval limit', 1, 1],
    ]);
    expect((await rejection(t.api.getRun({ id: 42 }))).code).toBe('NOT_FOUND');
  });
});

describe('throttleProgress', () => {
  const p = (ruleIndex: number, phase: ScanProgress['phase'], rowsStreamed: number): ScanProgress => ({
    runId: 1,
    ruleIndex,
    ruleCount: 2,
    ruleId: `r${ruleIndex}`,
    phase,
    rowsStreamed,
    elapsedMs: 0,
  });

  it('passes a rule’s first event and its done, and at most one other per interval', () => {
    let clock = 0;
    const out: ScanProgress[] = [];
    const push = throttleProgress((x) => out.push(x), () => clock);
    push(p(0, 'counting', 0));
    for (let i = 1; i <= 50; i++) {
      clock += 10;
      push(p(0, 'streaming', i * 100));
    }
    push(p(0, 'done', 5000));
    push(p(1, 'counting', 0));
    push(p(1, 'done', 0));
    // 500 ms of streaming at one event per 100 ms: 5 pass, plus the boundaries.
    expect(out.map((x) => `${x.ruleIndex}:${x.phase}`)).toEqual([
      '0:counting',
      ...Array(5).fill('0:streaming'),
      '0:done',
      '1:counting',
      '1:done',
    ]);
    expect(PROGRESS_INTERVAL_MS).toBe(100);
  });
});
