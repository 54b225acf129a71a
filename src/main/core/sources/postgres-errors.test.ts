import { describe, expect, it } from 'vitest';
import { CONNECTION_LOST_MESSAGE, READ_ONLY_MESSAGE, connectError, isConnectionLost, queryError, type PostgresTarget } from './postgres-errors.js';

const target: PostgresTarget = { host: 'db.local', port: 5999, database: 'sales', user: 'auditor', statementTimeoutMs: 1000 };

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('connectError', () => {
  it('says why the server cannot be reached', () => {
    expect(connectError(withCode('connect ECONNREFUSED', 'ECONNREFUSED'), target).message).toBe(
      'Cannot reach PostgreSQL at db.local:5999 (connection refused). Is the server running and the port right?',
    );
    expect(connectError(withCode('getaddrinfo ENOTFOUND db.local', 'ENOTFOUND'), target).message).toContain('(host not found)');
    const aggregate = Object.assign(new AggregateError([withCode('a', 'ECONNREFUSED')], 'x'), {});
    expect(connectError(aggregate, target).code).toBe('SOURCE_UNREACHABLE');
    const timeout = connectError(new Error('Connection terminated due to connection timeout'), target);
    expect(timeout.code).toBe('SOURCE_UNREACHABLE');
    expect(timeout.message).toContain('(timed out)');
  });

  it('separates refused credentials and unknown databases', () => {
    expect(connectError(withCode('password authentication failed', '28P01'), target).message).toContain('refused the password for user "auditor"');
    expect(connectError(withCode('no pg_hba.conf entry', '28000'), target).message).toContain('refused access');
    expect(connectError(withCode('database "sales" does not exist', '3D000'), target).message).toContain('Database "sales" does not exist');
    expect(connectError(new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'), target).message).toContain('--password-env');
  });
});

describe('queryError', () => {
  it('maps timeouts, read-only violations and lost connections', () => {
    expect(queryError(withCode('canceling statement due to statement timeout', '57014'), target).message).toContain('statement timeout (1000 ms)');
    expect(queryError(withCode('cannot execute UPDATE in a read-only transaction', '25006'), target).message).toBe(READ_ONLY_MESSAGE);
    for (const error of [
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('read ECONNRESET', 'ECONNRESET'),
      new Error('Connection terminated unexpectedly'),
    ]) {
      expect(isConnectionLost(error)).toBe(true);
      const mapped = queryError(error, target);
      expect(mapped.code).toBe('SOURCE_UNREACHABLE');
      expect(mapped.message).toBe(CONNECTION_LOST_MESSAGE);
    }
  });

  it('keeps the server message for anything else', () => {
    const mapped = queryError(withCode('column "x" does not exist', '42703'), target);
    expect(mapped.code).toBe('SOURCE_ERROR');
    expect(mapped.message).toBe('PostgreSQL: column "x" does not exist');
    expect(mapped.details).toEqual({ sqlstate: '42703' });
    expect(isConnectionLost(withCode('syntax error', '42601'))).toBe(false);
  });
});
