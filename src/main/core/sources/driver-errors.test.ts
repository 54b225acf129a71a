import { describe, expect, it } from 'vitest';
import { asDriverError, networkError, statementTimeoutError, type ServerTarget } from './driver-errors.js';

const target: ServerTarget = { host: 'db', port: 7, database: 'erp', user: 'a', statementTimeoutMs: 50 };

describe('driver errors', () => {
  it('finds a network code on the error or on one part of an AggregateError', () => {
    const direct = networkError('X', asDriverError(Object.assign(new Error('x'), { code: 'ENOTFOUND' })), target);
    expect(direct?.message).toBe('Cannot reach X at db:7 (host not found). Is the server running and the port right?');
    const parts = new AggregateError([null, Object.assign(new Error('a'), { code: 'ECONNREFUSED' })], 'all failed');
    expect(networkError('X', asDriverError(parts), target)?.details).toEqual({ host: 'db', port: 7, cause: 'ECONNREFUSED' });
    expect(networkError('X', asDriverError(Object.assign(new Error('x'), { code: '42P01' })), target)).toBeUndefined();
  });

  it('reads a thrown non-Error as its text, and keeps the engine code next to the timeout', () => {
    expect(asDriverError('plain')).toEqual({ message: 'plain' });
    expect(statementTimeoutError(target, { sqlstate: '57014' }).details).toEqual({ sqlstate: '57014', statementTimeoutMs: 50 });
  });
});
