import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../shared/api.js';
import { importReducer, progressFraction, progressLabel, type ImportJob } from './import-job.js';

const progress = (jobId: string, page: number, phase: 'reading' | 'finding' | 'mapping' | 'done' = 'reading'): ApiEvent => ({
  type: 'policy.progress',
  jobId,
  fileName: 'p.pdf',
  progress: { phase, page, pageCount: 4, candidates: page },
});
const finished = (jobId: string, over: Partial<Extract<ApiEvent, { type: 'policy.finished' }>> = {}): ApiEvent => ({
  type: 'policy.finished',
  jobId,
  fileName: 'p.pdf',
  policyId: 'pol-1',
  alreadyImported: false,
  notes: ['page 3 has no text layer'],
  error: null,
  ...over,
});

function run(actions: Parameters<typeof importReducer>[1][]): ImportJob {
  return actions.reduce(importReducer, { kind: 'idle' } as ImportJob);
}

describe('importReducer', () => {
  it('follows its own job and ignores other imports', () => {
    const job = run([{ type: 'start', fileName: 'p.pdf' }, { type: 'started', jobId: 'a' }, { type: 'event', event: progress('a', 2) }, { type: 'event', event: progress('b', 3) }]);
    expect(job).toMatchObject({ kind: 'running', jobId: 'a', progress: { page: 2 } });
  });

  it('replays events that arrived before the job id', () => {
    const job = run([{ type: 'start', fileName: 'p.pdf' }, { type: 'event', event: progress('a', 1) }, { type: 'event', event: finished('a') }, { type: 'started', jobId: 'a' }]);
    expect(job).toEqual({ kind: 'finished', fileName: 'p.pdf', policyId: 'pol-1', alreadyImported: false, notes: ['page 3 has no text layer'] });
  });

  it('drops held events of another job when its own id arrives', () => {
    const job = run([{ type: 'start', fileName: 'p.pdf' }, { type: 'event', event: finished('other') }, { type: 'started', jobId: 'a' }]);
    expect(job).toMatchObject({ kind: 'running', jobId: 'a', progress: null });
  });

  it('reports an already imported policy', () => {
    const job = run([{ type: 'start', fileName: 'p.pdf' }, { type: 'started', jobId: 'a' }, { type: 'event', event: finished('a', { alreadyImported: true, notes: [] }) }]);
    expect(job).toMatchObject({ kind: 'finished', alreadyImported: true });
  });

  it('turns a failure into the core error and marks a cancellation', () => {
    const failed = run([
      { type: 'start', fileName: 'p.pdf' },
      { type: 'started', jobId: 'a' },
      { type: 'event', event: finished('a', { policyId: null, error: { code: 'INVALID_INPUT', message: 'p.pdf is encrypted.' } }) },
    ]);
    expect(failed).toEqual({ kind: 'failed', fileName: 'p.pdf', error: { code: 'INVALID_INPUT', message: 'p.pdf is encrypted.' }, cancelled: false });
    const cancelled = run([
      { type: 'start', fileName: 'p.pdf' },
      { type: 'started', jobId: 'a' },
      { type: 'cancelling' },
      { type: 'event', event: finished('a', { policyId: null, error: { code: 'CANCELLED', message: 'cancelled' } }) },
    ]);
    expect(cancelled).toMatchObject({ kind: 'failed', cancelled: true });
  });

  it('marks cancelling only while running, and a refusal fails at once', () => {
    expect(run([{ type: 'start', fileName: 'p.pdf' }, { type: 'started', jobId: 'a' }, { type: 'cancelling' }])).toMatchObject({ cancelling: true });
    expect(run([{ type: 'cancelling' }])).toEqual({ kind: 'idle' });
    expect(run([{ type: 'start', fileName: 'p.pdf' }, { type: 'refused', fileName: 'p.pdf', error: { code: 'INVALID_INPUT', message: 'empty' } }])).toMatchObject({ kind: 'failed', cancelled: false });
  });
});

describe('progress', () => {
  it('fills each phase page by page and never goes back', () => {
    const at = (phase: 'reading' | 'finding' | 'mapping' | 'done', page: number) => progressFraction({ phase, page, pageCount: 4, candidates: 0 });
    expect(progressFraction(null)).toBe(0);
    expect(at('reading', 2)).toBeCloseTo(0.2);
    expect(at('finding', 0)).toBeCloseTo(0.4);
    expect(at('finding', 4)).toBeCloseTo(0.8);
    expect(at('mapping', 2)).toBeCloseTo(0.9);
    expect(at('done', 4)).toBe(1);
    expect(progressFraction({ phase: 'reading', page: 9, pageCount: 0, candidates: 0 })).toBe(0);
  });

  it('says the phase, the page and the candidates found', () => {
    expect(progressLabel({ phase: 'finding', page: 3, pageCount: 12, candidates: 1 })).toBe('Finding rules on page 3 of 12 · 1 candidate found');
    expect(progressLabel(null)).toBe('Starting…');
  });
});
