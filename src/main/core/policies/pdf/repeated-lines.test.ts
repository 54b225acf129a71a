import { describe, expect, it } from 'vitest';
import { dropRepeatedLines, lineKey } from './repeated-lines.js';
import type { TextLine } from './text-layout.js';

/** Lines 12 apart (font size 10); a leading `|` puts a wide gap above the line, as between a header and the body. */
function page(...texts: string[]): TextLine[] {
  let y = 760;
  return texts.map((text) => {
    y -= text.startsWith('|') ? 40 : 12;
    return { text: text.replace(/^\|/, ''), y, size: 10 };
  });
}
const texts = (pages: TextLine[][]): string[][] => pages.map((p) => p.map((l) => l.text));

describe('dropRepeatedLines', () => {
  it('drops a header and a numbered footer found on every page', () => {
    const pages = [1, 2, 3].map((n) => page('Company Confidential', `|Body ${'abc'[n - 1]}`, `|Page ${n} of 3`));
    expect(texts(dropRepeatedLines(pages))).toEqual([['Body a'], ['Body b'], ['Body c']]);
  });

  it('drops a line found on 60% of pages but not one on fewer', () => {
    const pages = [
      page('Draft', '|pa'),
      page('Draft', '|pb'),
      page('Draft', '|pc'),
      page('Internal', '|pd'),
      page('Internal', '|pe'),
    ];
    expect(texts(dropRepeatedLines(pages))).toEqual([['pa'], ['pb'], ['pc'], ['Internal', 'pd'], ['Internal', 'pe']]);
  });

  it('keeps everything with fewer than 3 pages', () => {
    const pages = [page('Company Confidential', 'a'), page('Company Confidential', 'b')];
    expect(texts(dropRepeatedLines(pages))).toEqual(texts(pages));
  });

  it('keeps a repeated line in the middle of the page body', () => {
    const body = (n: number): TextLine[] => page('h1', 'h2', 'h3', 'Approved by the board.', `x${n}`, 'f1', 'f2', 'f3');
    const pages = [body(1), body(2), body(3)].map((lines, i) =>
      lines.map((l) => (l.text.startsWith('h') || l.text.startsWith('f') ? { ...l, text: `${l.text}-${'abc'[i]}` } : l)),
    );
    expect(texts(dropRepeatedLines(pages))[0]).toContain('Approved by the board.');
  });

  it('drops numbered lines only at the very top or bottom, exact repeats within three lines', () => {
    const pages = [1, 2, 3].map((n) => page(`Printed 2024-0${n}-01`, 'Internal use', `|Section ${n}`, `Body ${'abc'[n - 1]}`));
    expect(texts(dropRepeatedLines(pages))).toEqual([
      ['Section 1', 'Body a'],
      ['Section 2', 'Body b'],
      ['Section 3', 'Body c'],
    ]);
  });

  it('keeps a repeated line under a line that is not repeated (body text, not a running header)', () => {
    const pages = [1, 2, 3].map((n) => page('Company Confidential', `|${n}.1 Purchases over $${n} must be approved before the order is`, 'placed.', `Tail ${'abc'[n - 1]}`, 'Signed', `|Page ${n}`));
    expect(texts(dropRepeatedLines(pages))[1]).toEqual(['2.1 Purchases over $2 must be approved before the order is', 'placed.', 'Tail b', 'Signed']);
  });

  it('keeps a repeated line that sits on the body\'s line spacing', () => {
    const pages = [1, 2, 3].map((n) => page('Company Confidential', `|Rule ${'abc'[n - 1]} applies to every`, 'employee.', `|Page ${n}`));
    expect(texts(dropRepeatedLines(pages))[0]).toEqual(['Rule a applies to every', 'employee.']);
  });

  it('matches lines that differ only in digits', () => {
    expect(lineKey('Page 3 of 10')).toBe(lineKey('page 12  of 10'));
  });
});
