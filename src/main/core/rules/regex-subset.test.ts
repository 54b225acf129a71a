import { describe, expect, it } from 'vitest';
import { checkPortableRegex, normalizePortableRegex, portableRegExp } from './regex-subset.js';

describe('checkPortableRegex', () => {
  it.each([
    '^[A-Z]{3}[0-9]+$',
    'INV-\\d{4,6}',
    '^(ab|cd)*x?$',
    '[^\\s]+@[\\w.-]+',
    'a\\.b\\*c\\(\\)\\[\\]\\{\\}\\|\\?\\+\\^\\$\\\\',
    '\\-\\#\\/\\:',
    '[a-z\\-_]',
    '[-a]',
    '[a-]',
    'été|😀.',
    '(a)(b)',
    'x{0,255}',
  ])('accepts %s', (pattern) => {
    expect(checkPortableRegex(pattern)).toBeNull();
  });

  it.each([
    ['(a)\\1', /backreference/],
    ['(?=a)', /lookaround/],
    ['(?<!a)b', /lookaround/],
    ['(?:a)', /non-capturing/],
    ['(?<name>a)', /named group/],
    ['(?i)abc', /inline flags/],
    ['a*?', /lazy/],
    ['a+?', /lazy/],
    ['a{2}?', /lazy/],
    ['\\bword\\b', /word boundary/],
    ['\\p{L}', /Unicode property/],
    ['[[:alpha:]]', /POSIX class/],
    ['[[=a=]]', /POSIX class/],
    ['\\k<x>', /named backreference/],
    ['\\n', /not in the portable subset/],
    ['\\D', /not in the portable subset/],
    ['a{2,}', /open repetition/],
    ['a{1,300}', /limit is 255/],
    ['a{3,1}', /lower bound exceeds/],
    ['*a', /nothing to repeat/],
    ['a**', /right after another repetition/],
    ['^*', /after an anchor/],
    ['a{', /not a repetition/],
    ['a}', /without a repetition/],
    ['a]', /outside a \[\.\.\.\] class/],
    ['(a', /never closed/],
    ['a)', /without a matching/],
    ['[abc', /never closed/],
    ['[]a]', /empty class/],
    ['[z-a]', /runs backwards/],
    ['[\\d-z]', /\\d, \\w or \\s at one end/],
    ['[a-c-e]', /right after a range/],
    ['[a[b]', /'\[' inside a class/],
    ['a|', /empty alternative/],
    ['()', /empty alternative/],
    ['abc\\', /lone backslash/],
    ['', /empty/],
  ])('rejects %s', (pattern, message) => {
    const result = checkPortableRegex(pattern);
    expect(result).not.toBeNull();
    expect(result).toMatch(message);
  });

  it('says where the problem is', () => {
    expect(checkPortableRegex('ab(?=c)')).toMatch(/at character 3/);
  });
});

describe('normalizePortableRegex / portableRegExp', () => {
  it('spells \\d \\w \\s as ASCII classes, inside and outside brackets', () => {
    expect(normalizePortableRegex('\\d+')).toBe('[0-9]+');
    expect(normalizePortableRegex('[\\w.]')).toBe('[A-Za-z0-9_.]');
    expect(normalizePortableRegex('\\s')).toBe('[ \t\n\r\f\v]');
  });

  it('drops escapes JavaScript u-mode refuses and keeps the others', () => {
    expect(normalizePortableRegex('\\-\\#\\.')).toBe('-#\\.');
    expect(normalizePortableRegex('[\\-\\#]')).toBe('[\\-#]');
  });

  it('matches like PostgreSQL: code points, dot across newlines, ASCII-only classes', () => {
    expect(portableRegExp('^.$').test('😀')).toBe(true);
    expect(portableRegExp('a.b').test('a\nb')).toBe(true);
    expect(portableRegExp('^\\w+$').test('été')).toBe(false);
    expect(portableRegExp('^\\d+$').test('٣')).toBe(false);
    expect(portableRegExp('^INV-\\d{4}$').test('INV-2024')).toBe(true);
    expect(portableRegExp('abc').test('xxabcxx')).toBe(true);
    expect(portableRegExp('ABC').test('abc')).toBe(false);
  });

  it('throws on a pattern outside the subset', () => {
    expect(() => normalizePortableRegex('(?=a)')).toThrow(/lookaround/);
  });
});
