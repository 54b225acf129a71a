import { describe, expect, it } from 'vitest';
import { parseTimestamptz, sourceTypes } from './postgres-parsers.js';
import { mapPostgresType } from './postgres-types.js';

describe('mapPostgresType', () => {
  it('folds native types into rule types', () => {
    expect(['int2', 'int4', 'int8', 'numeric', 'float4', 'float8'].map(mapPostgresType)).toEqual(Array(6).fill('number'));
    expect(['text', 'varchar', 'bpchar', 'uuid', 'citext'].map(mapPostgresType)).toEqual(Array(5).fill('text'));
    expect([mapPostgresType('date'), mapPostgresType('timestamptz'), mapPostgresType('bool')]).toEqual(['date', 'timestamp', 'boolean']);
    expect([mapPostgresType('money'), mapPostgresType('jsonb')]).toEqual(['unknown', 'unknown']);
  });
});

describe('PostgreSQL parsers', () => {
  it('turns UTC timestamptz text into ISO with Z, keeping fractions', () => {
    expect(parseTimestamptz('2024-03-09 14:30:00+00')).toBe('2024-03-09T14:30:00Z');
    expect(parseTimestamptz('2024-03-09 14:30:00.123456+00')).toBe('2024-03-09T14:30:00.123456Z');
    expect(parseTimestamptz('infinity')).toBe('infinity');
  });

  it('parses int8 and numeric as numbers but keeps NaN as text', () => {
    expect(sourceTypes.getTypeParser(20, 'text')('9007199254740991')).toBe(9007199254740991);
    expect(sourceTypes.getTypeParser(1700, 'text')('12.50')).toBe(12.5);
    expect(sourceTypes.getTypeParser(1700, 'text')('NaN')).toBe('NaN');
    expect(sourceTypes.getTypeParser(1082, 'text')('2024-01-31')).toBe('2024-01-31');
  });
});
