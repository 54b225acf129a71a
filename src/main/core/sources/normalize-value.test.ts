import { describe, expect, it } from 'vitest';
import { normalizeValue } from './normalize-value.js';

describe('normalizeValue', () => {
  it('makes SQLite 0/1 booleans, bigints numbers, and binary hex', () => {
    expect(normalizeValue(1, 'boolean')).toBe(true);
    expect(normalizeValue(0, 'boolean')).toBe(false);
    expect(normalizeValue('yes', 'boolean')).toBe('yes');
    expect(normalizeValue(12n, 'number')).toBe(12);
    expect(normalizeValue('3.25', 'number')).toBe(3.25);
    expect(normalizeValue('abc', 'number')).toBe('abc');
    expect(normalizeValue(Buffer.from([1, 171]), 'unknown')).toBe('\\x01ab');
    expect(normalizeValue(undefined, 'text')).toBeNull();
    expect(normalizeValue({ a: 1 }, 'unknown')).toBe('{"a":1}');
  });
});
