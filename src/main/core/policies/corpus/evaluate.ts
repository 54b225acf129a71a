import type { PolicyPage } from '../../../../shared/policy.js';
import type { HeuristicFinding } from '../heuristic/clause.js';
import { extractHeuristicCandidates } from '../heuristic/extract.js';
import type { CorpusDocument, ExpectedRule } from './corpus-types.js';
import { CORPUS } from './index.js';

export interface DocumentScore {
  name: string;
  expected: number;
  found: number;
  truePositives: number;
  /** Expected rules no finding matched. */
  missed: string[];
  /** Quotes of findings that matched no expected rule. */
  spurious: string[];
}

export interface ExtractorScore {
  perDocument: DocumentScore[];
  precision: number;
  recall: number;
}

/** Pages as the PDF reader gives them: paragraphs separated by blank lines. */
export function corpusPages(doc: CorpusDocument): PolicyPage[] {
  return doc.pages.map((paragraphs, i) => ({ number: i + 1, text: paragraphs.join('\n\n'), hasTextLayer: true }));
}

/** A finding matches when its quote contains the expected words and, if a measure is expected, it agrees. */
export function findingMatches(finding: HeuristicFinding, expected: ExpectedRule): boolean {
  if (!finding.quote.includes(expected.quoteIncludes)) return false;
  const m = finding.clause.measure;
  if (expected.op !== undefined && m?.op !== expected.op) return false;
  if (expected.value !== undefined && m?.value !== expected.value) return false;
  return true;
}

export function scoreDocument(doc: CorpusDocument, findings: HeuristicFinding[]): DocumentScore {
  const matchedFindings = new Set<HeuristicFinding>();
  const missed: string[] = [];
  for (const expected of doc.expected) {
    const hit = findings.find((f) => !matchedFindings.has(f) && findingMatches(f, expected));
    if (hit) matchedFindings.add(hit);
    else missed.push(expected.quoteIncludes);
  }
  return {
    name: doc.name,
    expected: doc.expected.length,
    found: findings.length,
    truePositives: matchedFindings.size,
    missed,
    spurious: findings.filter((f) => !matchedFindings.has(f)).map((f) => f.quote),
  };
}

/** Runs the offline extractor over the hand-written corpus; micro-averaged precision and recall. */
export function evaluateExtractor(corpus: readonly CorpusDocument[] = CORPUS): ExtractorScore {
  const perDocument = corpus.map((doc) => scoreDocument(doc, extractHeuristicCandidates(corpusPages(doc))));
  const tp = perDocument.reduce((n, d) => n + d.truePositives, 0);
  const found = perDocument.reduce((n, d) => n + d.found, 0);
  const expected = perDocument.reduce((n, d) => n + d.expected, 0);
  return {
    perDocument,
    precision: found === 0 ? 0 : tp / found,
    recall: expected === 0 ? 0 : tp / expected,
  };
}

/** Lines for the bench output: the totals, then each document's counts and what it missed. */
export function formatExtractorScore(score: ExtractorScore): string[] {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const lines = [`offline extractor: precision ${pct(score.precision)}, recall ${pct(score.recall)} on ${score.perDocument.length} documents`];
  for (const d of score.perDocument) {
    lines.push(`  ${d.name}: ${d.truePositives}/${d.expected} expected found, ${d.found} findings`);
    for (const m of d.missed) lines.push(`    missed: ${m}`);
    for (const s of d.spurious) lines.push(`    spurious: ${s}`);
  }
  return lines;
}
