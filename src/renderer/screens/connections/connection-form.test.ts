import { describe, expect, it } from 'vitest';
import { checkConnectionForm, checkSource, emptyConnectionForm, errorField, validateName, visibleErrors } from './connection-form.js';
import { ENGINES, parseTypeOverrides, urlHasPassword } from './engine-fields.js';

describe('connection form', () => {
  it('lists every engine of the contract', () => {
    expect([...ENGINES].sort()).toEqual(['files', 'mongodb', 'mysql', 'postgres', 'sqlite']);
  });

  it('builds a SQLite input and trims the path', () => {
    const check = checkConnectionForm({ name: 'shop', engine: 'sqlite', values: { path: '  /tmp/shop.db ' } });
    expect(check.errors).toEqual({});
    expect(check.input).toEqual({ engine: 'sqlite', path: '/tmp/shop.db' });
  });

  it('requires the name and the path', () => {
    const check = checkConnectionForm(emptyConnectionForm('sqlite'));
    expect(Object.keys(check.errors).sort()).toEqual(['name', 'path']);
    expect(check.input).toBeNull();
  });

  it('checks the name like the core does', () => {
    expect(validateName(' shop')).toMatch(/leading or trailing/);
    expect(validateName('x'.repeat(101))).toMatch(/1 to 100/);
    expect(validateName('x'.repeat(100))).toBeNull();
    expect(validateName('shop', ['shop'])).toMatch(/already exists/);
    expect(validateName('my shop')).toBeNull();
  });

  it('refuses a PostgreSQL URL with a password, in the authority or as a parameter', () => {
    const withPw = checkSource({ name: 'erp', engine: 'postgres', values: { url: 'postgres://bob:secret@db:5432/erp' } });
    expect(withPw.errors.url).toMatch(/password/);
    expect(urlHasPassword('postgresql://bob@db/erp?password=x')).toBe(true);
    expect(urlHasPassword('postgres://bob@db/erp')).toBe(false);
    expect(checkSource({ name: 'erp', engine: 'postgres', values: { url: 'mysql://bob@db/erp' } }).errors.url).toMatch(/postgres:\/\//);
  });

  it('builds a PostgreSQL input with only the optional fields that are filled in', () => {
    const bare = checkSource({ name: 'erp', engine: 'postgres', values: { url: 'postgres://bob@db:5432/erp', passwordEnv: ' ', statementTimeoutMs: '' } });
    expect(bare.input).toEqual({ engine: 'postgres', url: 'postgres://bob@db:5432/erp' });
    const full = checkSource({ name: 'erp', engine: 'postgres', values: { url: 'postgres://bob@db/erp', passwordEnv: 'ERP_PW', statementTimeoutMs: '5000' } });
    expect(full.input).toEqual({ engine: 'postgres', url: 'postgres://bob@db/erp', passwordEnv: 'ERP_PW', statementTimeoutMs: 5000 });
  });

  it('refuses a bad variable name and a bad timeout', () => {
    const check = checkSource({ name: 'erp', engine: 'postgres', values: { url: 'postgres://bob@db/erp', passwordEnv: '1PW', statementTimeoutMs: '-5' } });
    expect(Object.keys(check.errors).sort()).toEqual(['passwordEnv', 'statementTimeoutMs']);
    expect(check.input).toBeNull();
  });

  it('shows only touched fields until a submit', () => {
    const errors = { name: 'n', path: 'p' };
    expect(visibleErrors(errors, new Set(['path']), false)).toEqual({ path: 'p' });
    expect(visibleErrors(errors, new Set(), true)).toEqual(errors);
  });

  it('reads the field of a core error', () => {
    expect(errorField({ field: 'path' })).toBe('path');
    expect(errorField({ connection: 'x' })).toBeNull();
    expect(errorField(undefined)).toBeNull();
  });

  it('builds a MongoDB input and checks its own scheme', () => {
    const ok = checkSource({ name: 'docs', engine: 'mongodb', values: { url: 'mongodb://bob@db:27017', database: 'erp', sampleSize: '500', passwordEnv: '' } });
    expect(ok.input).toEqual({ engine: 'mongodb', url: 'mongodb://bob@db:27017', database: 'erp', sampleSize: 500 });
    const bad = checkSource({ name: 'docs', engine: 'mongodb', values: { url: 'postgres://bob@db/erp', database: 'a b', sampleSize: '0' } });
    expect(Object.keys(bad.errors).sort()).toEqual(['database', 'sampleSize', 'url']);
    expect(bad.errors.url).toMatch(/mongodb:\/\//);
  });

  it('parses column type overrides for files', () => {
    const ok = checkSource({ name: 'x', engine: 'files', values: { path: ' /data ', types: 'orders.amount: number, orders.day=DATE' } });
    expect(ok.input).toEqual({ engine: 'files', path: '/data', types: { 'orders.amount': 'number', 'orders.day': 'date' } });
    expect(parseTypeOverrides('amount: number')).toMatch(/table\.column/);
    expect(parseTypeOverrides('o.a: money')).toMatch(/not a type/);
    expect(checkSource({ name: 'x', engine: 'files', values: { path: '/d', types: '' } }).input).toEqual({ engine: 'files', path: '/d' });
  });
});
