import type { ApiEvent } from '../../../shared/api.js';
import type { SerializedError } from '../../../shared/errors.js';
import type { ExtractionProgress } from '../../../shared/policy.js';

type PolicyEvent = Extract<ApiEvent, { type: 'policy.progress' | 'policy.finished' }>;

/** One import as the window sees it, from the click to the core's last word. */
export type ImportJob =
  | { kind: 'idle' }
  /** Sent; the job id is not known yet, so events are held until it is. */
  | { kind: 'starting'; fileName: string; early: PolicyEvent[] }
  | { kind: 'running'; jobId: string; fileName: string; progress: ExtractionProgress | null; cancelling: boolean }
  | { kind: 'finished'; fileName: string; policyId: string; alreadyImported: boolean; notes: string[] }
  | { kind: 'failed'; fileName: string; error: SerializedError; cancelled: boolean };

export type ImportAction =
  | { type: 'start'; fileName: string }
  | { type: 'started'; jobId: string }
  /** importPolicy itself refused (bad input), or the file could not be read. */
  | { type: 'refused'; fileName: string; error: SerializedError }
  | { type: 'cancelling' }
  | { type: 'event'; event: ApiEvent }
  | { type: 'reset' };

function apply(job: Extract<ImportJob, { kind: 'running' }>, event: PolicyEvent): ImportJob {
  if (event.jobId !== job.jobId) return job;
  if (event.type === 'policy.progress') return { ...job, progress: event.progress };
  if (event.error || event.policyId === null) {
    const error = event.error ?? { code: 'INTERNAL', message: `The import of ${job.fileName} ended without a policy.` };
    return { kind: 'failed', fileName: job.fileName, error, cancelled: error.code === 'CANCELLED' };
  }
  return { kind: 'finished', fileName: job.fileName, policyId: event.policyId, alreadyImported: event.alreadyImported, notes: event.notes };
}

/**
 * The import's state machine. Events can reach the window before importPolicy's answer (a small
 * file is done at once), so they are held while the job id is unknown and replayed once it is.
 */
export function importReducer(job: ImportJob, action: ImportAction): ImportJob {
  switch (action.type) {
    case 'start':
      return { kind: 'starting', fileName: action.fileName, early: [] };
    case 'started': {
      if (job.kind !== 'starting') return job;
      let next: ImportJob = { kind: 'running', jobId: action.jobId, fileName: job.fileName, progress: null, cancelling: false };
      for (const event of job.early) if (next.kind === 'running') next = apply(next, event);
      return next;
    }
    case 'refused':
      return { kind: 'failed', fileName: action.fileName, error: action.error, cancelled: false };
    case 'cancelling':
      return job.kind === 'running' ? { ...job, cancelling: true } : job;
    case 'event': {
      const event = action.event;
      if (event.type !== 'policy.progress' && event.type !== 'policy.finished') return job;
      if (job.kind === 'starting') return { ...job, early: [...job.early, event] };
      return job.kind === 'running' ? apply(job, event) : job;
    }
    case 'reset':
      return { kind: 'idle' };
    default: {
      const unhandled: never = action;
      throw new Error(`Unknown import action ${JSON.stringify(unhandled)}`);
    }
  }
}

const PHASE_SPAN: Record<ExtractionProgress['phase'], [number, number]> = {
  reading: [0, 0.4],
  finding: [0.4, 0.8],
  mapping: [0.8, 1],
  done: [1, 1],
};

/** 0..1 over the whole import: each phase fills its share page by page. */
export function progressFraction(progress: ExtractionProgress | null): number {
  if (!progress) return 0;
  const [from, to] = PHASE_SPAN[progress.phase];
  const within = progress.pageCount > 0 ? Math.min(1, Math.max(0, progress.page / progress.pageCount)) : 0;
  return from + (to - from) * within;
}

const PHASE_LABEL: Record<ExtractionProgress['phase'], string> = {
  reading: 'Reading',
  finding: 'Finding rules on',
  mapping: 'Mapping candidates from',
  done: 'Done with',
};

/** `Reading page 3 of 12 · 4 candidates found` */
export function progressLabel(progress: ExtractionProgress | null): string {
  if (!progress) return 'Starting…';
  const where = progress.pageCount > 0 ? `page ${Math.min(progress.page, progress.pageCount)} of ${progress.pageCount}` : 'the document';
  return `${PHASE_LABEL[progress.phase]} ${where} · ${progress.candidates} candidate${progress.candidates === 1 ? '' : 's'} found`;
}
