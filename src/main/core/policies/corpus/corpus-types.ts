/** A policy written for measuring the offline extractor, with what a careful auditor would extract. */
export interface CorpusDocument {
  name: string;
  /** Pages, each a list of paragraphs. */
  pages: string[][];
  expected: ExpectedRule[];
}

export interface ExpectedRule {
  /** A part of the sentence the rule comes from. */
  quoteIncludes: string;
  /** The measure's operator and value, when the rule has a quantity. */
  op?: string;
  value?: number;
}
