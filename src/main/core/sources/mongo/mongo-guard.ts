/**
 * The last line of defence before anything is sent: a plan that could run server-side code or
 * write ($where, $function, $accumulator, $out, $merge) is refused, whoever built it.
 */
import { AppError } from '../../../../shared/errors.js';

const FORBIDDEN = new Set(['$where', '$function', '$accumulator', '$out', '$merge']);

export function assertReadOnlyPlan(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  if (value instanceof Date || (value as { _bsontype?: unknown })._bsontype !== undefined) return;
  if (Array.isArray(value)) {
    value.forEach(assertReadOnlyPlan);
    return;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (FORBIDDEN.has(key)) throw new AppError('INTERNAL', `Refusing to send ${key} to MongoDB: sources are read-only and run no server-side code.`);
    // A $literal's content is data, never an operator.
    if (key !== '$literal') assertReadOnlyPlan(inner);
  }
}
