/**
 * Errors that cross a boundary (core → CLI, core → UI) as values a user can act on:
 * a stable code for programs, a message that says what happened and what to do.
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'RULE_SYNTAX'
  | 'RULE_INVALID'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'WORKSPACE_TOO_NEW'
  | 'WORKSPACE_INVALID'
  /** Another live process holds the workspace's scheduler lock. */
  | 'WORKSPACE_LOCKED'
  | 'SOURCE_UNREACHABLE'
  | 'SOURCE_ERROR'
  | 'SCAN_FAILED'
  | 'CANCELLED'
  | 'INTERNAL';

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Extra machine-readable detail, e.g. `{ ruleId, field, position }`. */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export interface SerializedError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof AppError) return { code: error.code, message: error.message, details: error.details };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message };
}
