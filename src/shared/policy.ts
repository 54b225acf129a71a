import type { Rule, Severity } from './rule.js';

/** One page of a policy PDF, as text in reading order. */
export interface PolicyPage {
  /** 1-based, as printed in a PDF viewer. */
  number: number;
  text: string;
  /** False for a scanned page (an image without a text layer): nothing can be found there. */
  hasTextLayer: boolean;
}

export interface PdfText {
  sha256: string;
  pageCount: number;
  pages: PolicyPage[];
  /** The document's title from its metadata, when it has one. */
  title: string | null;
}

export type ExtractorKind = 'heuristic' | 'ollama';

/**
 * A rule found in a policy, before a person has reviewed it. `quote` is verbatim text of `page`;
 * `rule` is the proposal mapped onto a connection's schema when that worked, `problems` says why
 * it did not (no matching column, ambiguous threshold).
 */
export interface CandidateDraft {
  quote: string;
  page: number;
  title: string;
  description: string;
  severity: Severity;
  /** 0..1; the heuristic extractor stays below the model path. */
  confidence: number;
  origin: 'heuristic' | 'llm';
  rule?: Rule;
  problems?: string[];
}

export interface ExtractionProgress {
  phase: 'reading' | 'finding' | 'mapping' | 'done';
  page: number;
  pageCount: number;
  candidates: number;
}
