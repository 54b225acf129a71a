/**
 * Driver and server errors turned into messages that say what happened and what to do.
 */
import { AppError } from '../../../shared/errors.js';
import { READ_ONLY_MESSAGE } from './source-errors.js';

export interface PostgresTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  statementTimeoutMs: number;
}

export { READ_ONLY_MESSAGE } from './source-errors.js';

export const CONNECTION_LOST_MESSAGE =
  'The connection to PostgreSQL was lost during the scan. Check that the server is running, then run the scan again.';

const networkReasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

const lostCodes = new Set(['57P01', '57P02', '57P03', 'ECONNRESET', 'EPIPE']);

interface DriverError {
  code?: string;
  message: string;
  errors?: unknown[];
}

function asDriverError(error: unknown): DriverError {
  if (error instanceof Error) return error as DriverError;
  return { message: String(error) };
}

/** Node reports a failed multi-address connect as an AggregateError whose parts carry the code. */
function networkCode(error: DriverError): string | undefined {
  if (error.code && networkReasons[error.code]) return error.code;
  for (const inner of error.errors ?? []) {
    const code = (inner as DriverError | null)?.code;
    if (code && networkReasons[code]) return code;
  }
  return undefined;
}

/** True when the connection can no longer be used and must be replaced. */
export function isConnectionLost(error: unknown): boolean {
  const driver = asDriverError(error);
  return (
    (driver.code !== undefined && lostCodes.has(driver.code)) ||
    /Connection terminated|Client has encountered a connection error|not queryable/i.test(driver.message)
  );
}

/** Errors while connecting: the server is absent, refuses us, or has no such database. */
export function connectError(error: unknown, target: PostgresTarget): AppError {
  if (error instanceof AppError) return error;
  const driver = asDriverError(error);
  const where = `${target.host}:${target.port}`;
  const code = networkCode(driver);
  if (code) {
    return new AppError(
      'SOURCE_UNREACHABLE',
      `Cannot reach PostgreSQL at ${where} (${networkReasons[code]}). Is the server running and the port right?`,
      { host: target.host, port: target.port, cause: code },
    );
  }
  if (/timeout/i.test(driver.message)) {
    return new AppError(
      'SOURCE_UNREACHABLE',
      `Cannot reach PostgreSQL at ${where} (timed out). Is the server running and the host reachable?`,
      { host: target.host, port: target.port, cause: 'timeout' },
    );
  }
  return queryError(error, target);
}

/** Errors from a connected session. */
export function queryError(error: unknown, target: PostgresTarget): AppError {
  if (error instanceof AppError) return error;
  const driver = asDriverError(error);
  const where = `${target.host}:${target.port}`;
  switch (driver.code) {
    case '28P01':
      return new AppError(
        'SOURCE_ERROR',
        `PostgreSQL at ${where} refused the password for user "${target.user}". Check the variable given with --password-env.`,
        { sqlstate: driver.code },
      );
    case '28000':
      return new AppError(
        'SOURCE_ERROR',
        `PostgreSQL at ${where} refused access for user "${target.user}" to database "${target.database}". Ask the database administrator for access.`,
        { sqlstate: driver.code },
      );
    case '3D000':
      return new AppError(
        'SOURCE_ERROR',
        `Database "${target.database}" does not exist on PostgreSQL at ${where}. Check the database name in the URL.`,
        { sqlstate: driver.code },
      );
    case '57014':
      return new AppError(
        'SOURCE_ERROR',
        `The query ran longer than the statement timeout (${target.statementTimeoutMs} ms) and was stopped. Narrow the rule, add an index, or raise the timeout.`,
        { sqlstate: driver.code, statementTimeoutMs: target.statementTimeoutMs },
      );
    case '25006':
      return new AppError('SOURCE_ERROR', READ_ONLY_MESSAGE, { sqlstate: driver.code });
    default:
      break;
  }
  if (isConnectionLost(error)) {
    return new AppError('SOURCE_UNREACHABLE', CONNECTION_LOST_MESSAGE, { host: target.host, port: target.port, cause: driver.code ?? driver.message });
  }
  if (/password must be a string|password authentication|SASL/i.test(driver.message)) {
    return new AppError(
      'SOURCE_ERROR',
      `PostgreSQL at ${where} asks for a password for user "${target.user}". Pass it with --password-env VAR.`,
    );
  }
  return new AppError('SOURCE_ERROR', `PostgreSQL: ${driver.message}`, driver.code ? { sqlstate: driver.code } : undefined);
}
