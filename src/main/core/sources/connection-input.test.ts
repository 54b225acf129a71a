import { describe, expect, it } from 'vitest';
import { rejection } from '../../../../test-support/rejection.js';
import { configFromInput } from './connection-input.js';

const refused = (run: () => unknown) => rejection(Promise.resolve().then(run));

describe('configFromInput', () => {
  it('makes a SQLite path absolute against the working folder', () => {
    expect(configFromInput({ engine: 'sqlite', path: ' data/shop.sqlite ' }, '/audits')).toEqual({ engine: 'sqlite', path: '/audits/data/shop.sqlite' });
  });

  it('keeps a PostgreSQL URL, its password variable and timeout', () => {
    expect(configFromInput({ engine: 'postgres', url: 'postgres://auditor@db:5432/erp', passwordEnv: 'PGPASS', statementTimeoutMs: 3000 })).toEqual({
      engine: 'postgres',
      url: 'postgres://auditor@db:5432/erp',
      passwordEnv: 'PGPASS',
      statementTimeoutMs: 3000,
    });
  });

  it('refuses an empty path, a password in the URL, a bad timeout and an unknown engine', async () => {
    expect((await refused(() => configFromInput({ engine: 'sqlite', path: ' ' }))).code).toBe('INVALID_INPUT');
    expect((await refused(() => configFromInput({ engine: 'postgres', url: 'postgres://a:pw@db/erp' }))).message).toMatch(/password/);
    expect((await refused(() => configFromInput({ engine: 'postgres', url: 'postgres://a@db/erp', statementTimeoutMs: -1 }))).code).toBe('INVALID_INPUT');
    expect((await refused(() => configFromInput({ engine: 'oracle' } as never))).message).toMatch(/sqlite or postgres/);
  });
});
