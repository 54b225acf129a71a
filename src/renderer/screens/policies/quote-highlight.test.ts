import { describe, expect, it } from 'vitest';
import { findQuote, highlightSegments } from './quote-highlight.js';

const page = 'Section 4. Expenses\nEvery expense above 500 EUR must\n  have a receipt attached.\nApprovals follow.';

describe('findQuote', () => {
  it('finds a quote across line breaks and runs of spaces', () => {
    const quote = 'Every expense above 500 EUR must have a receipt attached.';
    const range = findQuote(page, quote);
    expect(range).not.toBeNull();
    expect(page.slice(range!.start, range!.end)).toBe('Every expense above 500 EUR must\n  have a receipt attached.');
  });

  it('tolerates a quote whose own whitespace differs', () => {
    const range = findQuote(page, '  expense\tabove   500 ');
    expect(page.slice(range!.start, range!.end)).toBe('expense above 500');
  });

  it('falls back to ignoring case', () => {
    const range = findQuote(page, 'every EXPENSE above');
    expect(range?.start).toBe(page.indexOf('Every'));
  });

  it('treats regex characters literally and matches typographic quotes loosely', () => {
    expect(findQuote('a (b) c.* d', '(b) c.*')).toEqual({ start: 2, end: 9 });
    expect(findQuote('the vendor’s bank', "vendor's bank")).toEqual({ start: 4, end: 17 });
    expect(findQuote('abc', 'a.c')).toBeNull();
  });

  it('finds a word hyphenated at a line end', () => {
    const text = 'Payments with-\nout approval are forbidden.';
    const range = findQuote(text, 'Payments without approval');
    expect(text.slice(range!.start, range!.end)).toBe('Payments with-\nout approval');
  });

  it('returns null for a missing or empty quote', () => {
    expect(findQuote(page, 'not on this page')).toBeNull();
    expect(findQuote(page, '   ')).toBeNull();
  });
});

describe('highlightSegments', () => {
  it('cuts the text around the range and drops empty pieces', () => {
    expect(highlightSegments('abcdef', { start: 0, end: 3 })).toEqual([
      { text: 'abc', mark: true },
      { text: 'def', mark: false },
    ]);
    expect(highlightSegments('abcdef', { start: 2, end: 4 }).map((s) => s.mark)).toEqual([false, true, false]);
  });

  it('returns the whole text unmarked without a range', () => {
    expect(highlightSegments('abc', null)).toEqual([{ text: 'abc', mark: false }]);
  });
});
