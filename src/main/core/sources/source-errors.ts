import { AppError } from '../../../shared/errors.js';

/** One wording for every engine when a query would write. */
export const READ_ONLY_MESSAGE =
  'The query tried to change data, but the source is opened read-only. Write a single SELECT statement.';

/** Thrown by a stream whose signal aborted, so a stopped stream is never mistaken for a complete one. */
export function cancelledError(): AppError {
  return new AppError('CANCELLED', 'The scan was cancelled.');
}
