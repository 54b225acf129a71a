import { describe, expect, it } from 'vitest';
import type { CorpusDocument } from './corpus-types.js';
import { CORPUS } from './index.js';
import { corpusPages, evaluateExtractor, formatExtractorScore } from './evaluate.js';

describe('corpus', () => {
  it('has at least 5 documents of 10–25 sentences, every expected quote verbatim in its text', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(5);
    for (const doc of CORPUS) {
      const text = corpusPages(doc).map((p) => p.text).join('\n');
      for (const e of doc.expected) expect(text, doc.name).toContain(e.quoteIncludes);
      const sentences = text.split(/(?<=[.!?])\s+(?=[A-Z"])/).length;
      expect(sentences, doc.name).toBeGreaterThanOrEqual(10);
      expect(sentences, doc.name).toBeLessThanOrEqual(25);
    }
  });
});

describe('evaluateExtractor', () => {
  it('reaches precision and recall of at least 0.8 on the corpus', () => {
    const score = evaluateExtractor();
    expect(score.perDocument).toHaveLength(CORPUS.length);
    expect(score.precision).toBeGreaterThanOrEqual(0.8);
    expect(score.recall).toBeGreaterThanOrEqual(0.8);
    const lines = formatExtractorScore(score);
    expect(lines[0]).toMatch(/^offline extractor: precision \d+\.\d%, recall \d+\.\d% on \d+ documents$/);
    expect(lines.length).toBeGreaterThan(CORPUS.length);
  });

  it('counts a finding whose measure disagrees as both a miss and a spurious finding', () => {
    const doc: CorpusDocument = {
      name: 'wrong measure',
      pages: [['Expenses over $75 require a receipt. Employees may claim meals.']],
      expected: [{ quoteIncludes: 'over $75', op: '>=', value: 75 }],
    };
    const score = evaluateExtractor([doc]);
    expect(score.precision).toBe(0);
    expect(score.recall).toBe(0);
    expect(score.perDocument[0]!.missed).toEqual(['over $75']);
  });
});
