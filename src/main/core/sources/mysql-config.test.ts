import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { connectionConfigSchema, describeConnection, parseMysqlInput } from './connection-config.js';
import { configFromInput } from './connection-input.js';
import { mysqlError } from './mysql-errors.js';
import { mapMysqlType } from './mysql-types.js';
import { normalizeMysqlValue } from './mysql-values.js';

function refused(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

describe('MySQL connection config', () => {
  it('accepts mysql:// and mariadb:// URLs that name a database, with the password in a variable', () => {
    expect(parseMysqlInput(' mysql://auditor@db:3306/erp ', 'ERP_PW')).toEqual({ engine: 'mysql', url: 'mysql://auditor@db:3306/erp', passwordEnv: 'ERP_PW' });
    expect(configFromInput({ engine: 'mysql', url: 'mariadb://a@db/erp', statementTimeoutMs: 5000 })).toEqual({ engine: 'mysql', url: 'mariadb://a@db/erp', statementTimeoutMs: 5000 });
    expect(describeConnection({ engine: 'mysql', url: 'mysql://a@db/erp', passwordEnv: 'PW' })).toBe('MySQL/MariaDB mysql://a@db/erp (password from $PW)');
  });

  it('refuses a password in the URL, a URL without a database, another scheme and a bad variable name', () => {
    const withPassword = refused(() => parseMysqlInput('mysql://a:hunter2@db/erp'));
    expect(withPassword.message).toMatch(/--password-env/);
    expect(withPassword.message).not.toContain('hunter2');
    expect(refused(() => parseMysqlInput('mysql://a@db:3306/')).message).toMatch(/must name the database/);
    expect(refused(() => parseMysqlInput('postgres://a@db/erp')).message).toMatch(/mysql:\/\//);
    expect(refused(() => parseMysqlInput('mysql://a@db/erp', '1BAD')).message).toMatch(/environment variable name/);
    expect(refused(() => configFromInput({ engine: 'mysql', url: 'mysql://a@db/erp', statementTimeoutMs: 0 })).code).toBe('INVALID_INPUT');
    // A stored config is checked by the same schema when the workspace is read.
    expect(connectionConfigSchema.safeParse({ engine: 'mysql', url: 'mysql://a:pw@db/erp' }).success).toBe(false);
  });
});

describe('MySQL types, values and errors', () => {
  it('maps column types to rule-language types', () => {
    expect(mapMysqlType('tinyint', 'tinyint(1)')).toBe('boolean');
    expect(mapMysqlType('tinyint', 'tinyint(4)')).toBe('number');
    expect(mapMysqlType('decimal', 'decimal(10,2)')).toBe('number');
    expect(mapMysqlType('varchar', 'varchar(20)')).toBe('text');
    expect(mapMysqlType('enum', "enum('a','b')")).toBe('text');
    expect(mapMysqlType('datetime', 'datetime(6)')).toBe('timestamp');
    expect(mapMysqlType('timestamp', 'timestamp')).toBe('timestamp');
    expect(mapMysqlType('date', 'date')).toBe('date');
    expect(mapMysqlType('varbinary', 'varbinary(8)')).toBe('unknown');
    expect(mapMysqlType('time', 'time')).toBe('unknown');
  });

  it('decodes grouped text, canonical dates and numeric strings', () => {
    expect(normalizeMysqlValue(Buffer.from('É', 'utf8'), 'text')).toBe('É');
    expect(normalizeMysqlValue(Buffer.from([0, 255]), 'unknown')).toBe('\\x00ff');
    expect(normalizeMysqlValue('2024-03-09 10:00:00.500000', 'timestamp')).toBe('2024-03-09 10:00:00.5');
    expect(normalizeMysqlValue('12.50', 'number')).toBe(12.5);
    expect(normalizeMysqlValue(1, 'boolean')).toBe(true);
  });

  it('turns server errors into messages that say what to do', () => {
    const target = { host: 'db', port: 3306, database: 'erp', user: 'auditor', statementTimeoutMs: 1000, hasPassword: true };
    const error = (fields: Record<string, unknown>) => Object.assign(new Error('driver says no'), fields);
    expect(mysqlError(error({ code: 'ECONNREFUSED' }), target)).toMatchObject({ code: 'SOURCE_UNREACHABLE' });
    expect(mysqlError(error({ errno: 1045 }), target).message).toMatch(/refused the password.*--password-env/);
    expect(mysqlError(error({ errno: 1045 }), { ...target, hasPassword: false }).message).toMatch(/without a password/);
    expect(mysqlError(error({ errno: 1049 }), target).message).toMatch(/Database "erp" does not exist/);
    expect(mysqlError(error({ errno: 1969 }), target).message).toMatch(/statement timeout \(1000 ms\)/);
    expect(mysqlError(error({ errno: 3024 }), target).message).toMatch(/statement timeout/);
    expect(mysqlError(error({ errno: 1792 }), target).message).toMatch(/read-only/);
    expect(mysqlError(error({ code: 'PROTOCOL_CONNECTION_LOST', fatal: true }), target)).toMatchObject({ code: 'SOURCE_UNREACHABLE' });
  });
});
