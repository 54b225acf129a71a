import { describe, expect, it } from 'vitest';
import { describeFilter, filterFromParams, filterToParams, nextSort, queryKey, sortFromParams } from './violation-filters.js';

describe('violation filters in the URL', () => {
  it('reads the parameters other screens link with', () => {
    expect(filterFromParams({ rule: 'expense-receipt', severity: 'high', status: 'open', table: 'expenses', from: '2024-01-01', to: '2024-02-01' })).toEqual({
      ruleId: 'expense-receipt',
      severity: 'high',
      status: 'open',
      table: 'expenses',
      from: '2024-01-01',
      to: '2024-02-01',
    });
  });
  it('reads and writes the connection a record lives in', () => {
    expect(filterFromParams({ rule: 'approval', connection: 'south', table: 'expenses' })).toEqual({ ruleId: 'approval', connection: 'south', table: 'expenses' });
    expect(filterToParams({ connection: 'south' }).connection).toBe('south');
    expect(describeFilter({ connection: 'south' })).toBe('connection south');
  });
  it('drops values that cannot be right', () => {
    expect(filterFromParams({ severity: 'urgent', status: 'gone', from: 'yesterday', rule: '' })).toEqual({});
  });
  it('round-trips through the parameters, leaving the default sort out', () => {
    const filter = { ruleId: 'r1', severity: 'low' as const };
    const params = filterToParams(filter);
    expect(params.sort).toBeUndefined();
    const clean = Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
    expect(filterFromParams(clean)).toEqual(filter);
    const sorted = filterToParams(filter, { column: 'ruleId', direction: 'asc' });
    expect(sortFromParams({ sort: sorted.sort!, dir: sorted.dir! })).toEqual({ column: 'ruleId', direction: 'asc' });
  });
  it('falls back to newest first for an unknown sort', () => {
    expect(sortFromParams({ sort: 'drop table' })).toEqual({ column: 'firstSeenAt', direction: 'desc' });
  });
});

describe('sorting', () => {
  it('flips the direction of the sorted column and starts others on a sensible side', () => {
    expect(nextSort({ column: 'id', direction: 'asc' }, 'id')).toEqual({ column: 'id', direction: 'desc' });
    expect(nextSort({ column: 'id', direction: 'asc' }, 'ruleId')).toEqual({ column: 'ruleId', direction: 'asc' });
    expect(nextSort({ column: 'id', direction: 'asc' }, 'statusChangedAt')).toEqual({ column: 'statusChangedAt', direction: 'desc' });
  });
});

describe('queryKey', () => {
  it('is the same whatever order the fields were set in, and differs by sort', () => {
    const sort = { column: 'id' as const, direction: 'asc' as const };
    expect(queryKey({ severity: 'high', ruleId: 'a' }, sort)).toBe(queryKey({ ruleId: 'a', severity: 'high' }, sort));
    expect(queryKey({ ruleId: 'a' }, sort)).not.toBe(queryKey({ ruleId: 'a' }, { column: 'id', direction: 'desc' }));
    expect(queryKey({ ruleId: 'a', table: undefined }, sort)).toBe(queryKey({ ruleId: 'a' }, sort));
  });
});

describe('describeFilter', () => {
  it('says what a bulk review will touch', () => {
    expect(describeFilter({ ruleId: 'r1', status: 'open' })).toBe('rule r1, status open');
    expect(describeFilter({})).toBe('no filter: every violation');
  });
});
