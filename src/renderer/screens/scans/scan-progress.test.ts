import { describe, expect, it } from 'vitest';
import type { RunSummary, ScanProgress } from '../../../shared/api/scans.js';
import { describeProgress, reduceScanEvent, scanFraction } from './scan-progress.js';

const progress = (over: Partial<ScanProgress>): ScanProgress => ({
  runId: 7,
  ruleIndex: 1,
  ruleCount: 4,
  ruleId: 'r1',
  phase: 'streaming',
  rowsStreamed: 1000,
  elapsedMs: 10,
  ...over,
});

const run: RunSummary = {
  id: 7,
  status: 'completed',
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: '2026-01-01T00:00:01Z',
  asOf: '2026-01-01T00:00:00Z',
  recordsScanned: 10,
  violationsNew: 1,
  violationsOpen: 2,
  violationsResolved: 0,
  durationMs: 1000,
  error: null,
};

describe('scan progress', () => {
  it('follows a run from start to finish', () => {
    let s = reduceScanEvent(null, { type: 'scan.started', runId: 7, ruleCount: 4 });
    expect(s && scanFraction(s)).toBe(0);
    expect(s && describeProgress(s)).toBe('Run 7: starting 4 rules…');
    // ruleIndex counts from 0: this is the third rule.
    s = reduceScanEvent(s, { type: 'scan.progress', progress: progress({ ruleIndex: 2, phase: 'resolving', rowsStreamed: 12000 }) });
    expect(s && scanFraction(s)).toBeCloseTo((2 + 0.9) / 4);
    expect(s && describeProgress(s)).toBe('Rule 3 of 4 · r1 · resolving · 12,000 rows');
    s = reduceScanEvent(s, { type: 'scan.finished', run });
    expect(s?.finished?.status).toBe('completed');
    expect(s?.updates).toBe(1);
    expect(s && scanFraction(s)).toBe(1);
  });

  it('ignores another run and other events', () => {
    const s = reduceScanEvent(null, { type: 'scan.started', runId: 7, ruleCount: 4 });
    expect(reduceScanEvent(s, { type: 'scan.progress', progress: progress({ runId: 8 }) })).toBe(s);
    expect(reduceScanEvent(s, { type: 'scan.finished', run: { ...run, id: 9 } })).toBe(s);
    expect(reduceScanEvent(s, { type: 'data.changed', what: 'rules' })).toBe(s);
  });

  it('picks up a scan it did not see start', () => {
    const s = reduceScanEvent(null, { type: 'scan.progress', progress: progress({ ruleIndex: 1 }) });
    expect(s?.runId).toBe(7);
    expect(s && scanFraction(s)).toBeCloseTo((1 + 0.5) / 4);
  });

  it('keeps the bar where it is when an earlier rule reports done after the next one started', () => {
    let s = reduceScanEvent(null, { type: 'scan.progress', progress: progress({ ruleIndex: 2, phase: 'streaming' }) });
    const before = s;
    s = reduceScanEvent(s, { type: 'scan.progress', progress: progress({ ruleIndex: 1, phase: 'done' }) });
    expect(s).toBe(before);
    expect(s && describeProgress(s)).toBe('Rule 3 of 4 · r1 · streaming · 1,000 rows');
  });
});
