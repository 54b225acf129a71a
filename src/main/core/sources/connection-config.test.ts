import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import {
  PASSWORD_IN_URL_MESSAGE,
  connectionConfigSchema,
  describeConnection,
  parsePostgresInput,
  urlHasPassword,
} from './connection-config.js';

function invalidInput(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_INPUT');
    return error as AppError;
  }
  throw new Error('expected an INVALID_INPUT error');
}

describe('parsePostgresInput', () => {
  it('accepts a URL without a password and keeps the variable name', () => {
    expect(parsePostgresInput('postgres://auditor@db.local:5432/sales', 'SALES_PW')).toEqual({
      engine: 'postgres',
      url: 'postgres://auditor@db.local:5432/sales',
      passwordEnv: 'SALES_PW',
    });
    expect(parsePostgresInput(' postgresql://h/db ')).toEqual({ engine: 'postgres', url: 'postgresql://h/db' });
  });

  it('refuses a password in the authority or in the query string', () => {
    expect(invalidInput(() => parsePostgresInput('postgres://auditor:s3cret@db:5432/sales')).message).toBe(PASSWORD_IN_URL_MESSAGE);
    expect(invalidInput(() => parsePostgresInput('postgres://auditor@db/sales?password=x')).message).toBe(PASSWORD_IN_URL_MESSAGE);
  });

  it('refuses what is not a PostgreSQL URL, without echoing a secret', () => {
    const error = invalidInput(() => parsePostgresInput('mysql://u:topsecret@h/db'));
    expect(error.message).toContain('Not a PostgreSQL URL');
    expect(error.message).not.toContain('topsecret');
    invalidInput(() => parsePostgresInput('host=db user=x'));
  });

  it('refuses a password variable that is not a variable name', () => {
    invalidInput(() => parsePostgresInput('postgres://u@h/db', 'not a name'));
  });
});

describe('connectionConfigSchema', () => {
  it('parses both engines and refuses a stored URL with a password', () => {
    expect(connectionConfigSchema.parse({ engine: 'sqlite', path: '/tmp/a.db' })).toEqual({ engine: 'sqlite', path: '/tmp/a.db' });
    expect(connectionConfigSchema.safeParse({ engine: 'postgres', url: 'postgres://u@h/db', statementTimeoutMs: 1000 }).success).toBe(true);
    expect(connectionConfigSchema.safeParse({ engine: 'postgres', url: 'postgres://u:p@h/db' }).success).toBe(false);
    expect(connectionConfigSchema.safeParse({ engine: 'mysql', url: 'x' }).success).toBe(false);
  });
});

describe('describeConnection', () => {
  it('shows where the source is and where its password comes from', () => {
    expect(describeConnection({ engine: 'sqlite', path: '/data/x.db' })).toBe('SQLite /data/x.db');
    expect(describeConnection({ engine: 'postgres', url: 'postgres://u@h:5/db', passwordEnv: 'PW' })).toBe(
      'PostgreSQL postgres://u@h:5/db (password from $PW)',
    );
  });

  it('never shows a password even if one slipped in', () => {
    const text = describeConnection({ engine: 'postgres', url: 'postgres://u:hunter2@h/db' });
    expect(text).not.toContain('hunter2');
  });
});

describe('urlHasPassword', () => {
  it('sees passwords only where they are', () => {
    expect(urlHasPassword('postgres://u@h/db')).toBe(false);
    expect(urlHasPassword('postgres://u:@h/db')).toBe(false);
    expect(urlHasPassword('postgres://u:x@h/db')).toBe(true);
  });
});
