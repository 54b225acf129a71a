import { describe, expect, it } from 'vitest';
import { translateRegex, type RegexSpelling } from './regex-translate.js';

/** Marks where the walk sent each character, so its structural decisions are visible. */
const marking: RegexSpelling = {
  classBody: { d: 'D', w: 'W', s: 'S' },
  escaped: (ch) => `E(${ch})`,
  inClass: (ch) => `C(${ch})`,
  outside: (ch) => `O(${ch})`,
};

describe('translateRegex', () => {
  it('expands class escapes bracketed outside a class and bare inside one', () => {
    expect(translateRegex('\\d[\\w\\s]', marking)).toBe('[D][WSC(])');
  });

  it('reads a ] right after [ or [^ as a literal, and ] later as the end', () => {
    expect(translateRegex('[]a]b', marking)).toBe('[\\]C(a)C(])O(b)');
    expect(translateRegex('[^]]', marking)).toBe('[^\\]C(])');
  });

  it('hands other escapes, a trailing backslash and astral characters over whole', () => {
    expect(translateRegex('\\.\\$x\\', marking)).toBe('E(.)E($)O(x)O(\\)');
    expect(translateRegex('😀[😀]', marking)).toBe('O(😀)[C(😀)C(])');
  });
});
