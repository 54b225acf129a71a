/**
 * Driver and server errors turned into messages that say what happened and what to do.
 */
import { AppError } from '../../../shared/errors.js';
import {
  accessDeniedError,
  asDriverError,
  connectionLostError,
  connectTimeoutError,
  networkError,
  statementTimeoutError,
  unknownDatabaseError,
  wrongPasswordError,
  type ServerTarget,
} from './driver-errors.js';
import { READ_ONLY_MESSAGE } from './source-errors.js';

export type PostgresTarget = ServerTarget;

export { READ_ONLY_MESSAGE } from './source-errors.js';

const ENGINE = 'PostgreSQL';

export const CONNECTION_LOST_MESSAGE =
  'The connection to PostgreSQL was lost during the scan. Check that the server is running, then run the scan again.';

const lostCodes = new Set(['57P01', '57P02', '57P03', 'ECONNRESET', 'EPIPE']);

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
  const network = networkError(ENGINE, driver, target);
  if (network) return network;
  if (/timeout/i.test(driver.message)) return connectTimeoutError(ENGINE, target);
  return queryError(error, target);
}

/** Errors from a connected session. */
export function queryError(error: unknown, target: PostgresTarget): AppError {
  if (error instanceof AppError) return error;
  const driver = asDriverError(error);
  const details = { sqlstate: driver.code };
  switch (driver.code) {
    case '28P01':
      return wrongPasswordError(ENGINE, target, details);
    case '28000':
      return accessDeniedError(ENGINE, target, 'access', details);
    case '3D000':
      return unknownDatabaseError(ENGINE, target, details);
    case '57014':
      return statementTimeoutError(target, details);
    case '25006':
      return new AppError('SOURCE_ERROR', READ_ONLY_MESSAGE, details);
    default:
      break;
  }
  if (isConnectionLost(error)) return connectionLostError(CONNECTION_LOST_MESSAGE, driver, target);
  if (/password must be a string|password authentication|SASL/i.test(driver.message)) {
    return new AppError(
      'SOURCE_ERROR',
      `PostgreSQL at ${target.host}:${target.port} asks for a password for user "${target.user}". Pass it with --password-env VAR.`,
    );
  }
  return new AppError('SOURCE_ERROR', `PostgreSQL: ${driver.message}`, driver.code ? { sqlstate: driver.code } : undefined);
}
