import { describe, expect, it } from 'vitest';
import { markText, placeLabel } from './problem-marker.js';

describe('markText', () => {
  it('cuts the text at the 1-based column and length', () => {
    expect(markText('amount > AND x', 10, 3)).toEqual({ before: 'amount > ', bad: 'AND', after: ' x' });
  });
  it('marks a blank after text that stops too early', () => {
    expect(markText('amount >', 9, 1)).toEqual({ before: 'amount >', bad: ' ', after: '' });
  });
  it('clamps a length running past the end', () => {
    expect(markText('abc', 2, 10)).toEqual({ before: 'a', bad: 'bc', after: '' });
  });
});

describe('placeLabel', () => {
  it('names the line only for multi-line text', () => {
    expect(placeLabel('a > 1', 3)).toBe('column 3');
    expect(placeLabel('a > 1\nAND b', 9)).toBe('line 2, column 3');
  });
});
