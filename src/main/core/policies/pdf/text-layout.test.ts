import { describe, expect, it } from 'vitest';
import { groupLines, joinLines, pageText } from './text-layout.js';
import type { PositionedText } from './text-layout.js';

const run = (text: string, x: number, y: number, width = text.length * 5, size = 10): PositionedText => ({ text, x, y, width, size });

describe('groupLines', () => {
  it('orders lines top to bottom and runs left to right, whatever the stream order', () => {
    const lines = groupLines([run('second', 10, 688), run('world', 45, 700), run('Hello', 10, 700)]);
    expect(lines.map((l) => l.text)).toEqual(['Hello world', 'second']);
  });

  it('keeps a slightly raised run (a footnote mark) on its line', () => {
    const lines = groupLines([run('Total', 10, 700, 25), run('1', 35, 703, 3, 6), run('is due', 45, 700)]);
    expect(lines.map((l) => l.text)).toEqual(['Total1 is due']);
  });

  it('does not add a space between touching runs, adds one across a gap', () => {
    expect(groupLines([run('reim', 10, 700, 20), run('bursed', 30, 700)])[0].text).toBe('reimbursed');
    expect(groupLines([run('Meals', 10, 700, 25), run('$75', 150, 700)])[0].text).toBe('Meals $75');
  });

  it('drops empty runs and collapses whitespace', () => {
    expect(groupLines([run('', 10, 720, 0), run('  a   b ', 10, 700)]).map((l) => l.text)).toEqual(['a b']);
  });
});

describe('joinLines', () => {
  it('joins a word hyphenated at the end of a line', () => {
    expect(joinLines(['Expenses are reim-', 'bursed quickly.'])).toBe('Expenses are reimbursed quickly.');
  });
  it('keeps a hyphen inside a line and before a capital or a number', () => {
    expect(joinLines(['a co-worker', 'travels'])).toBe('a co-worker travels');
    expect(joinLines(['pre-', 'COVID rules'])).toBe('pre- COVID rules');
    expect(joinLines(['pages 3 -', 'and more'])).toBe('pages 3 - and more');
  });
});

describe('pageText', () => {
  it('separates paragraphs on a gap wider than the line spacing', () => {
    const lines = [
      { text: 'One', y: 700, size: 10 },
      { text: 'two.', y: 688, size: 10 },
      { text: 'Three.', y: 664, size: 10 },
    ];
    expect(pageText(lines)).toBe('One two.\n\nThree.');
  });
  it('separates one-line paragraphs by their gap relative to the font size', () => {
    const lines = [
      { text: 'A.', y: 700, size: 10 },
      { text: 'B.', y: 675, size: 10 },
    ];
    expect(pageText(lines)).toBe('A.\n\nB.');
  });
  it('keeps table rows with a wider spacing in one paragraph', () => {
    const lines = [
      { text: 'r1', y: 700, size: 10 },
      { text: 'r2', y: 685, size: 10 },
      { text: 'r3', y: 670, size: 10 },
    ];
    expect(pageText(lines)).toBe('r1 r2 r3');
  });
  it('is empty for a page without lines', () => {
    expect(pageText([])).toBe('');
  });
});
