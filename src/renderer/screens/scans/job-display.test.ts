import { describe, expect, it } from 'vitest';
import { describeAttempts, describeMode, describeRunError, describeTrigger, isJobRunning } from './job-display.js';

describe('job display', () => {
  it('names the trigger and a retry attempt', () => {
    expect(describeTrigger({ trigger: 'schedule', attempt: 1 })).toBe('on schedule');
    expect(describeTrigger({ trigger: 'manual', attempt: 1 })).toBe('run now');
    expect(describeTrigger({ trigger: 'retry', attempt: 3 })).toBe('retry (attempt 3)');
  });

  it('says whether a job scans incrementally and when its full scan is', () => {
    expect(describeMode({ incremental: false, fullScheduleText: null })).toBe('full scan');
    expect(describeMode({ incremental: true, fullScheduleText: 'daily at 03:00 UTC' })).toBe('incremental, full scan daily at 03:00 UTC');
    expect(describeAttempts(1)).toBe('no retry');
    expect(describeAttempts(4)).toBe('up to 4 attempts');
  });

  it('puts where an execution failed before its message', () => {
    const at = '2026-01-01T00:00:00Z';
    expect(describeRunError({ type: 'source', code: 'SOURCE_UNREACHABLE', message: 'refused', connection: 'shop', at })).toBe('connection shop: refused');
    expect(describeRunError({ type: 'rule', code: 'SOURCE_ERROR', message: 'no column', ruleId: 'r1', connection: 'erp', at })).toBe('rule r1, connection erp: no column');
    expect(describeRunError({ type: 'internal', code: 'INTERNAL', message: 'boom', at })).toBe('boom');
  });

  it('knows a job is running from its last execution', () => {
    expect(isJobRunning({ lastRun: null })).toBe(false);
    const run = { id: 1, trigger: 'manual', attempt: 1, mode: 'full', runId: null, startedAt: '', finishedAt: null, recordsScanned: 0, violationsNew: 0, error: null, note: null } as const;
    expect(isJobRunning({ lastRun: { ...run, status: 'running' } })).toBe(true);
    expect(isJobRunning({ lastRun: { ...run, status: 'failed' } })).toBe(false);
  });
});
