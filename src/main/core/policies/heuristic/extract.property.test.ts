import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractHeuristicCandidates } from './extract.js';
import { splitSentences } from './sentences.js';

const fragments = fc.constantFrom(
  'Expenses over $75 require a receipt.',
  'Employees may claim meals.',
  'Reports must be submitted within 30 days.',
  '"Receipt" means a proof of payment.',
  'Violations will result in disciplinary action.',
  'Costs, e.g. taxis, of $5,000.00 or more must be approved.',
  'See Sec. 3.2 of the U.S. addendum.',
  'Gifts are prohibited.',
  'A heading without a period',
  '\n\n',
  ' ',
);
const pageText = fc.array(fragments, { maxLength: 12 }).map((parts) => parts.join(' '));

describe('extractor properties', () => {
  it('sentences are verbatim, ordered, non-overlapping slices of the text', () => {
    fc.assert(
      fc.property(fc.oneof(pageText, fc.string({ maxLength: 200 })), (text) => {
        let last = 0;
        for (const s of splitSentences(text)) {
          expect(text.slice(s.start, s.end)).toBe(s.text);
          expect(s.start).toBeGreaterThanOrEqual(last);
          expect(s.text.trim()).toBe(s.text);
          last = s.end;
        }
      }),
    );
  });

  it('every quote occurs on its page and confidence stays heuristic', () => {
    fc.assert(
      fc.property(fc.array(pageText, { minLength: 1, maxLength: 3 }), (texts) => {
        const pages = texts.map((text, i) => ({ number: i + 1, text, hasTextLayer: true }));
        const findings = extractHeuristicCandidates(pages);
        expect(extractHeuristicCandidates(pages)).toEqual(findings);
        for (const f of findings) {
          expect(pages[f.page - 1]!.text).toContain(f.quote);
          expect(f.confidence).toBeGreaterThanOrEqual(0.3);
          expect(f.confidence).toBeLessThanOrEqual(0.7);
          expect(f.quote).not.toMatch(/\bmeans\b|disciplinary|may claim/);
        }
      }),
      { numRuns: 200 },
    );
  });
});
