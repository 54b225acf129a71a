import type { Severity } from '../../../../shared/rule.js';
import type { Modality } from './clause.js';

export type SentenceKind = 'rule' | 'permission' | 'definition' | 'sanction' | 'none';

const DEFINITION = [/\bmeans\b(?<!\bby\s+means)/i, /^\s*for\s+the\s+purposes?\s+of\b/i, /\bis\s+defined\s+as\b/i, /\brefers\s+to\b/i];
const SANCTION = [
  /\bdisciplinary\b/i,
  /\b(will|may|shall|can)\s+(result|lead)\s+in\b/i,
  /\b(will|may|shall|can)\s+lead\s+to\b/i,
  /\bsubject\s+to\s+(discipline|penalt|termination|sanction)/i,
  /\btermination\s+of\s+employment\b/i,
];
const PROHIBITION = [
  /\b(must|shall|should|may|can|will)\s+not\b/i,
  /\b(cannot|mustn't|shan't)\b/i,
  /\b(must|shall|should)\s+never\b/i,
  /\bnever\b/i,
  /\bprohibited\b/i,
  /\bforbidden\b/i,
  /\bnot\s+(permitted|allowed|reimbursable|eligible)\b/i,
  /\b(is|are)\s+not\s+to\s+be\b/i,
  /^\s*no\s+\w+(\s+\w+)?\s+(may|shall|is|are|will|can)\b/i,
  // "Only approved vendors may be paid": a restriction, not a permission.
  /^\s*only\b.*\b(may|can|shall|must|are|is)\b/i,
];
const OBLIGATION = [
  /\b(must|shall)\b/i,
  /\b(is|are)\s+required\b/i,
  /\brequired\s+(for|to|before)\b/i,
  /\brequires?\b/i,
  /\b(is|are)\s+due\b/i,
  /\b(is|are)\s+to\s+be\b/i,
  /\b(has|have)\s+to\b/i,
  /\bneeds?\b(?!\s+not)/i,
  /\bno\s+later\s+than\b/i,
  /\bnot\s+exceed\b/i,
];
const RECOMMENDATION = [/\bshould\b/i];
const PERMISSION = [/\bmay\b(?!\s+not)/i, /\b(is|are)\s+(permitted|allowed|eligible|entitled)\b/i, /\bcan\b(?!not|\s+not)/i];
// Sentences that oblige nobody to anything checkable.
const GENERIC = [/\bcomply\s+with\s+this\s+(policy|standard|procedure)/i, /\bread\s+and\s+understand\b/i];
const CRITICAL_WORDS = /\b(fraud\w*|cash|theft|bribe\w*|kickbacks?|embezzl\w*|money\s+laundering|structuring)\b/i;

const any = (patterns: RegExp[], text: string): boolean => patterns.some((re) => re.test(text));

/** The modality of a rule sentence, or null for a sentence that obliges nothing. */
export function modalityOf(sentence: string): Modality | null {
  if (any(PROHIBITION, sentence)) return 'prohibition';
  if (any(OBLIGATION, sentence)) return 'obligation';
  if (any(RECOMMENDATION, sentence)) return 'recommendation';
  return null;
}

/**
 * What a sentence is. Definitions and sanctions are checked first: "violations will result in
 * disciplinary action" has the shape of a rule but is about consequences, not records.
 */
export function classifySentence(sentence: string): SentenceKind {
  if (any(DEFINITION, sentence)) return 'definition';
  if (any(SANCTION, sentence)) return 'sanction';
  if (any(GENERIC, sentence)) return 'none';
  const modality = modalityOf(sentence);
  // "may claim" is a permission; "may not" is a prohibition, and "must" beats any "may" beside it.
  if (modality === null || (modality === 'recommendation' && any(PERMISSION, sentence))) {
    return any(PERMISSION, sentence) ? 'permission' : 'none';
  }
  if (modality !== 'prohibition' && any(PERMISSION, sentence) && !/\b(must|shall|should|required|requires?|prohibited|never|not)\b/i.test(sentence)) {
    return 'permission';
  }
  return 'rule';
}

/** Severity by wording: fraud and cash words are critical, prohibitions high, obligations medium, advice low. */
export function severityOf(sentence: string, modality: Modality): Severity {
  if (CRITICAL_WORDS.test(sentence)) return 'critical';
  switch (modality) {
    case 'prohibition':
      return /\bshould\s+not\b/i.test(sentence) ? 'low' : 'high';
    case 'obligation':
      return 'medium';
    case 'recommendation':
      return 'low';
    default: {
      const never: never = modality;
      throw new Error(`unhandled modality ${String(never)}`);
    }
  }
}
