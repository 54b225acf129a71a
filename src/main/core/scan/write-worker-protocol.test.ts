import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../../shared/schema.js';
import { rowOf, toColumns } from './write-worker-protocol.js';

/** What the worker receives: the columns after a structured clone, as postMessage makes them. */
const sent = (rows: CellValue[][]) => structuredClone(toColumns(rows));
const back = (rows: CellValue[][]) => {
  const columns = sent(rows);
  return rows.map((_row, r) => rowOf(columns, r));
};

describe('rows sent to the write worker column by column', () => {
  it('come back as the same rows, values and their kinds kept', () => {
    // Columns of one kind (packed), with and without NULLs, and columns that mix kinds.
    const column = (length: number): fc.Arbitrary<CellValue[]> =>
      fc.oneof(
        fc.array(fc.oneof(fc.integer(), fc.constant(null)), { minLength: length, maxLength: length }),
        fc.array(fc.oneof(fc.double(), fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.constant(-0), fc.constant(null)), { minLength: length, maxLength: length }),
        fc.array(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constant(''), fc.constant(null)), { minLength: length, maxLength: length }),
        fc.array(fc.oneof(fc.boolean(), fc.constant(null)), { minLength: length, maxLength: length }),
        fc.array(fc.oneof(fc.constant(null), fc.boolean(), fc.double(), fc.integer(), fc.string()), { minLength: length, maxLength: length }),
      );
    const rows = fc
      .record({ width: fc.integer({ min: 1, max: 6 }), length: fc.integer({ min: 1, max: 30 }) })
      .chain(({ width, length }) => fc.array(column(length), { minLength: width, maxLength: width }))
      .map((columns) => columns[0]!.map((_v, r) => columns.map((c) => c[r]!)));
    fc.assert(
      fc.property(rows, (generated) => {
        const received = back(generated);
        expect(received).toEqual(generated);
        // toEqual takes -0 for 0; a packed column must keep it.
        received.forEach((row, r) => row.forEach((value, c) => expect(Object.is(value, generated[r]![c])).toBe(true)));
      }),
    );
  });

  it('packs a column of one kind and sends a column of mixed kinds value by value', () => {
    const columns = sent([
      [1, 1.5, 'a', true, null, 'x'],
      [2, null, 'bc', false, null, 3],
    ]);
    expect(columns.map((c) => c.kind)).toEqual(['number', 'number', 'text', 'boolean', 'mixed', 'mixed']);
    // Whole numbers travel as 32-bit integers, anything else as doubles.
    expect(columns[0]).toMatchObject({ values: new Int32Array([1, 2]), nulls: null });
    expect(columns[1]).toMatchObject({ values: new Float64Array([1.5, 0]), nulls: new Uint8Array([0, 1]) });
    expect(columns[2]).toMatchObject({ text: 'abc', ends: new Uint32Array([1, 3]) });
  });

  it('keeps integers beyond 32 bits and -0 exact', () => {
    expect(back([[2 ** 31], [-0], [Number.MAX_SAFE_INTEGER]]).flat()).toEqual([2 ** 31, -0, Number.MAX_SAFE_INTEGER]);
    expect(Object.is(back([[-0], [1]])[0]![0], -0)).toBe(true);
  });
});
