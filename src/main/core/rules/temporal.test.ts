import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalDate, canonicalTimestamp, daysBetween } from './temporal.js';
import { roundHalfAway } from './round-half-away.js';
import { compareText } from './text-order.js';

describe('canonical dates and timestamps', () => {
  it.each([
    ['2024-03-09', '2024-03-09', '2024-03-09 00:00:00'],
    ['2024-03-09T14:30', '2024-03-09', '2024-03-09 14:30:00'],
    ['2024-03-09 14:30:00.250000', '2024-03-09', '2024-03-09 14:30:00.25'],
    ['2024-03-09 14:30:00.1234567', '2024-03-09', '2024-03-09 14:30:00.123456'],
    ['2024-03-09T23:30:00-02:00', '2024-03-10', '2024-03-10 01:30:00'],
    ['2024-03-09T00:30:00.5Z', '2024-03-09', '2024-03-09 00:30:00.5'],
  ])('%s', (input, date, timestamp) => {
    expect(canonicalDate(input)).toBe(date);
    expect(canonicalTimestamp(input)).toBe(timestamp);
  });

  it.each(['2023-02-29', '2024-13-01', '2024-04-31', '24-01-01', 'yesterday', ''])('rejects %s', (input) => {
    expect(canonicalDate(input)).toBeNull();
  });

  // Ten-character dates take a path of their own, without the pattern: it must agree with the calendar.
  it('accepts a ten-character date exactly when it is a calendar date, as the calendar says', () => {
    const digit = fc.constantFrom(...'0123456789/-x '.split(''));
    const tenChars = fc.array(digit, { minLength: 10, maxLength: 10 }).map((chars) => chars.join(''));
    const nearDate = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(
      fc.property(fc.oneof(tenChars, nearDate), (text) => {
        const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
        const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
        const day = new Date(Date.UTC(2000, m - 1, d));
        day.setUTCFullYear(y);
        const calendar = match !== null && m >= 1 && m <= 12 && d >= 1 && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
        expect(canonicalDate(text)).toBe(calendar ? text : null);
        if (calendar) expect(daysBetween('1970-01-01', text)).toBe(Math.round(day.getTime() / 86_400_000));
      }),
      { numRuns: 2_000 },
    );
  });

  it('rejects values that are not text', () => {
    expect(canonicalDate(20240309)).toBeNull();
    expect(canonicalTimestamp(true)).toBeNull();
  });

  it('orders canonical timestamps correctly as text', () => {
    const sorted = ['2024-03-09 10:00:00.5', '2024-03-09 10:00:00', '2024-03-09 10:00:00.05', '2024-03-09 10:00:01'].sort();
    expect(sorted).toEqual(['2024-03-09 10:00:00', '2024-03-09 10:00:00.05', '2024-03-09 10:00:00.5', '2024-03-09 10:00:01']);
  });

  it('counts days across leap years', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2000-01-01', '1999-12-31')).toBe(-1);
  });
});

describe('roundHalfAway', () => {
  // Expected values are PostgreSQL's round(x::float8::numeric, n).
  it.each([
    [0.15, 1, 0.2],
    [2.675, 2, 2.68],
    [0.1 + 0.2, 20, 0.3],
    [2.4999999999999996, 0, 3],
    [-2.5, 0, -3],
    [1234.5, -2, 1200],
    [0.0000001, 0, 0],
    [99.95, 1, 100],
  ])('round(%s, %s) = %s', (x, digits, expected) => {
    expect(roundHalfAway(x, digits)).toBe(expected);
  });
});

describe('compareText', () => {
  it('orders by code point', () => {
    expect(compareText('a', 'b')).toBe(-1);
    expect(compareText('B', 'a')).toBe(-1);
    expect(compareText('\uFFFD', '😀')).toBe(-1);
    expect(compareText('ab', 'a')).toBe(1);
    expect(compareText('x', 'x')).toBe(0);
  });
});
