/**
 * MySQL / MariaDB driver and server errors turned into messages that say what happened and what to do.
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

export interface MysqlTarget extends ServerTarget {
  /** Whether a password was given (from the environment), to tell "wrong" from "missing". */
  hasPassword: boolean;
}

const ENGINE = 'MySQL/MariaDB';

export const MYSQL_CONNECTION_LOST_MESSAGE =
  'The connection to MySQL/MariaDB was lost during the scan. Check that the server is running, then run the scan again.';

const lostCodes = new Set(['PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'EPIPE', 'ER_SERVER_SHUTDOWN', 'CR_SERVER_LOST', 'CR_SERVER_GONE_ERROR']);
const lostErrnos = new Set([1053, 2006, 2013]);

/** True when the connection can no longer be used and must be replaced. */
export function isMysqlConnectionLost(error: unknown): boolean {
  const driver = asDriverError(error);
  return (
    (driver.code !== undefined && lostCodes.has(driver.code)) ||
    (driver.errno !== undefined && lostErrnos.has(driver.errno)) ||
    driver.fatal === true ||
    /connection is in closed state|Can't add new command when connection is in closed state/i.test(driver.message)
  );
}

/** Errors while connecting or running a query, as AppErrors. */
export function mysqlError(error: unknown, target: MysqlTarget): AppError {
  if (error instanceof AppError) return error;
  const driver = asDriverError(error);
  const network = networkError(ENGINE, driver, target);
  if (network) return network;
  const details = { errno: driver.errno };
  switch (driver.errno) {
    case 1045:
      return target.hasPassword
        ? wrongPasswordError(ENGINE, target, details)
        : new AppError(
            'SOURCE_ERROR',
            `MySQL/MariaDB at ${target.host}:${target.port} refused user "${target.user}" without a password. Pass the password with --password-env VAR.`,
            details,
          );
    case 1044:
      return accessDeniedError(ENGINE, target, 'SELECT access', details);
    case 1049:
      return unknownDatabaseError(ENGINE, target, details);
    case 1969:
    case 3024:
      return statementTimeoutError(target, details);
    case 1792:
    case 1290:
    case 1036:
      return new AppError('SOURCE_ERROR', READ_ONLY_MESSAGE, details);
    default:
      break;
  }
  if (isMysqlConnectionLost(error)) return connectionLostError(MYSQL_CONNECTION_LOST_MESSAGE, driver, target);
  if (/connect ETIMEDOUT|timeout/i.test(driver.message) && driver.errno === undefined) return connectTimeoutError(ENGINE, target);
  return new AppError('SOURCE_ERROR', `MySQL/MariaDB: ${driver.message}`, driver.errno ? { errno: driver.errno } : undefined);
}
