import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../../shared/schema.js';
import { rowOf, toColumns } from './write-worker-protocol.js';

describe('rows sent to the write worker column by column', () => {
  it('come back as the same rows, values and their kinds kept', () => {
    const cell: fc.Arbitrary<CellValue> = fc.oneof(fc.constant(null), fc.boolean(), fc.double(), fc.integer(), fc.string());
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 30 })),
        (rows) => {
          const columns = toColumns(rows);
          expect(rows.map((_row, r) => rowOf(columns, r))).toEqual(rows);
        },
      ),
    );
  });
});
