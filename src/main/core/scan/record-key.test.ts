import { describe, expect, it } from 'vitest';
import { recordKey, recordLabel } from './record-key.js';

describe('record keys and labels', () => {
  it('names a record by its table and key values, a missing part as NULL', () => {
    expect(recordLabel('expenses', [17])).toBe('expenses #17');
    expect(recordLabel('order_lines', [10248, 'A-11'])).toBe('order_lines #10248/A-11');
    expect(recordLabel('groups', [null, 3, true])).toBe('groups #NULL/3/true');
  });

  it('keeps 1 and "1" apart in the key', () => {
    expect(recordKey([1])).not.toBe(recordKey(['1']));
    expect(recordKey([1, null])).toBe('[1,null]');
  });
});
