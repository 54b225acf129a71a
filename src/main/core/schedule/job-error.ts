import type { ErrorCode, SerializedError } from '../../../shared/errors.js';
import type { JobRunError } from './job-types.js';
import type { JobOutcome } from './run-job.js';

function typeOf(code: ErrorCode, ruleScoped: boolean): JobRunError['type'] {
  if (code === 'SOURCE_UNREACHABLE' || code === 'SOURCE_ERROR') return 'source';
  if (code === 'CANCELLED') return 'cancelled';
  return ruleScoped ? 'rule' : 'internal';
}

/** The error kept on a job execution: the first failure in full, and every failed rule when there were several. */
export function outcomeError(outcome: JobOutcome, at: string): JobRunError | null {
  const [first, ...rest] = outcome.failures;
  if (first) {
    const connection = first.connection ?? (typeof first.error.details?.connection === 'string' ? first.error.details.connection : undefined);
    const message = rest.length ? `${outcome.failures.length} rules failed. ${first.ruleId}: ${first.error.message}` : first.error.message;
    return {
      type: typeOf(first.error.code, true),
      code: first.error.code,
      message,
      ruleId: first.ruleId,
      ...(connection ? { connection } : {}),
      at,
      ...(rest.length
        ? { failures: outcome.failures.map((f) => ({ ruleId: f.ruleId, ...(f.connection ? { connection: f.connection } : {}), code: f.error.code, message: f.error.message })) }
        : {}),
    };
  }
  if (outcome.error) return wholeError(outcome.error, at);
  return null;
}

export function wholeError(error: SerializedError, at: string): JobRunError {
  const connection = typeof error.details?.connection === 'string' ? error.details.connection : undefined;
  return { type: typeOf(error.code, false), code: error.code, message: error.message, ...(connection ? { connection } : {}), at };
}
