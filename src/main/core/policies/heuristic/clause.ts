import type { CandidateDraft } from '../../../../shared/policy.js';

export type MeasureKind = 'money' | 'count' | 'percent' | 'days' | 'years';
export type MeasureOp = '>' | '>=' | '<' | '<=';

export interface Measure {
  kind: MeasureKind;
  op: MeasureOp;
  value: number;
  /** The words the measure was read from, verbatim ("over $75", "within 30 days"). */
  phrase: string;
}

export type Modality = 'prohibition' | 'obligation' | 'recommendation';

/** What the mapper needs from a sentence: who it is about, the quantity and what is required. */
export interface Clause {
  /** A lower-case noun phrase: "expenses", "purchasing card transactions". */
  subject: string;
  measure?: Measure;
  /** A canonical requirement word ("receipt", "approval", "disabled") or the verb phrase as written. */
  requirement?: string;
  /** The qualifying part of the sentence ("over $75", "if the amount exceeds $500"). */
  condition?: string;
  modality: Modality;
}

export type HeuristicFinding = Omit<CandidateDraft, 'origin'> & { origin: 'heuristic'; clause: Clause };
