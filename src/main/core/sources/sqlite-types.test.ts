import { describe, expect, it } from 'vitest';
import { mapSqliteType } from './sqlite-types.js';

describe('mapSqliteType', () => {
  it.each([
    ['INTEGER', 'number'], ['UNSIGNED BIG INT', 'number'], ['REAL', 'number'], ['DOUBLE PRECISION', 'number'],
    ['NUMERIC', 'number'], ['DECIMAL(10,2)', 'number'], ['FLOAT', 'number'], ['VARCHAR(20)', 'text'],
    ['TEXT', 'text'], ['CLOB', 'text'], ['DATE', 'date'], ['DATETIME', 'timestamp'], ['TIMESTAMP', 'timestamp'],
    ['BOOLEAN', 'boolean'], ['bool', 'boolean'], ['', 'unknown'], ['BLOB', 'unknown'], ['JSON', 'unknown'],
  ] as const)('%s → %s', (declared, expected) => {
    expect(mapSqliteType(declared)).toBe(expected);
  });
});
