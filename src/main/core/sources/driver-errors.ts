/**
 * The parts of turning a database driver's error into an AppError that do not depend on the
 * engine: reading the error's fields, recognising network failures, and the wording of the
 * messages every server-backed source gives the same way. Engine-specific codes stay with each
 * source (mysql-errors.ts, postgres-errors.ts).
 */
import { AppError } from '../../../shared/errors.js';

/** The fields drivers (pg, mysql2, Node's net) put on their errors; all optional but the message. */
export interface DriverError {
  code?: string;
  errno?: number;
  message: string;
  fatal?: boolean;
  /** Node reports a failed multi-address connect as an AggregateError whose parts carry the code. */
  errors?: unknown[];
}

/** Where a server-backed source connects, as the messages name it. */
export interface ServerTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  statementTimeoutMs: number;
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

export function asDriverError(error: unknown): DriverError {
  // Drivers throw Error subclasses with extra fields; every field read is optional.
  if (error instanceof Error) return error as DriverError;
  return { message: String(error) };
}

function networkCode(error: DriverError): string | undefined {
  if (error.code && NETWORK_REASONS[error.code]) return error.code;
  for (const inner of error.errors ?? []) {
    const code = (inner as DriverError | null)?.code;
    if (code && NETWORK_REASONS[code]) return code;
  }
  return undefined;
}

function hostPort(target: ServerTarget): string {
  return `${target.host}:${target.port}`;
}

/** SOURCE_UNREACHABLE when the error is a network failure (on the error or one of its parts), else undefined. */
export function networkError(engine: string, driver: DriverError, target: ServerTarget): AppError | undefined {
  const code = networkCode(driver);
  if (code === undefined) return undefined;
  return new AppError(
    'SOURCE_UNREACHABLE',
    `Cannot reach ${engine} at ${hostPort(target)} (${NETWORK_REASONS[code]}). Is the server running and the port right?`,
    { host: target.host, port: target.port, cause: code },
  );
}

/** The connection attempt timed out without a network error code. */
export function connectTimeoutError(engine: string, target: ServerTarget): AppError {
  return new AppError(
    'SOURCE_UNREACHABLE',
    `Cannot reach ${engine} at ${hostPort(target)} (timed out). Is the server running and the host reachable?`,
    { host: target.host, port: target.port, cause: 'timeout' },
  );
}

/** The connection broke while in use; `message` says which server and what to do. */
export function connectionLostError(message: string, driver: DriverError, target: ServerTarget): AppError {
  return new AppError('SOURCE_UNREACHABLE', message, { host: target.host, port: target.port, cause: driver.code ?? driver.message });
}

/** The server refused the password given. `details` carries the engine's own error code. */
export function wrongPasswordError(engine: string, target: ServerTarget, details: Record<string, unknown>): AppError {
  return new AppError(
    'SOURCE_ERROR',
    `${engine} at ${hostPort(target)} refused the password for user "${target.user}". Check the variable given with --password-env.`,
    details,
  );
}

/** The user may log in but not use the database; `access` names what to ask for ("access", "SELECT access"). */
export function accessDeniedError(engine: string, target: ServerTarget, access: string, details: Record<string, unknown>): AppError {
  return new AppError(
    'SOURCE_ERROR',
    `${engine} at ${hostPort(target)} refused access for user "${target.user}" to database "${target.database}". Ask the database administrator for ${access}.`,
    details,
  );
}

export function unknownDatabaseError(engine: string, target: ServerTarget, details: Record<string, unknown>): AppError {
  return new AppError(
    'SOURCE_ERROR',
    `Database "${target.database}" does not exist on ${engine} at ${hostPort(target)}. Check the database name in the URL.`,
    details,
  );
}

export function statementTimeoutError(target: ServerTarget, details: Record<string, unknown>): AppError {
  return new AppError(
    'SOURCE_ERROR',
    `The query ran longer than the statement timeout (${target.statementTimeoutMs} ms) and was stopped. Narrow the rule, add an index, or raise the timeout.`,
    { ...details, statementTimeoutMs: target.statementTimeoutMs },
  );
}
