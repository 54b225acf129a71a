import type { Measure } from './clause.js';

const LEADING = /^(?:(?:all|any|each|every|the|a|an|no|only|such|these|those|this|that)\s+)+/i;
// Words that end the subject noun phrase: verbs, modals, prepositions and comparisons.
const STOP = new Set(
  (
    'must shall should may will can cannot is are be been was were have has require requires required need needs ' +
    'over above exceeding exceed exceeds under below more less greater fewer older younger inactive within ' +
    'of for in on to by from with without at that which who whose when if unless after before per than not never ' +
    'and or as during where made subject shorter longer earlier later least most'
  ).split(' '),
);
const PRONOUNS = new Set(['it', 'they', 'them', 'he', 'she', 'you', 'we', 'one']);
const REQUIREMENT_NOUNS = new Set(['receipt', 'receipts', 'approval', 'approvals', 'invoice', 'invoices', 'documentation']);

function nounPhrase(text: string): string {
  const words: string[] = [];
  for (const raw of text.replace(LEADING, '').split(/\s+/)) {
    const word = raw.replace(/[^A-Za-z0-9'-]/g, '').toLowerCase();
    if (word === '' || STOP.has(word) || /^\d/.test(word)) break;
    words.push(word.replace(/'s$/, ''));
    if (/[,;:()]$/.test(raw) || words.length === 5) break;
  }
  return words.join(' ');
}

/** Strips a leading "If …," / "When …," clause and returns it as the condition. */
export function splitLeadingCondition(sentence: string): { main: string; condition?: string } {
  const m = sentence.match(/^\s*(if|when|where|whenever|unless)\b([^,]+),\s*/i);
  if (!m) return { main: sentence };
  return { main: sentence.slice(m[0].length), condition: m[0].trim().replace(/,$/, '') };
}

/** The noun phrase a rule is about: "Expenses over $75 require a receipt" → "expenses". */
export function extractSubject(sentence: string): string {
  const { main, condition } = splitLeadingCondition(sentence);
  let subject = nounPhrase(main);
  const head = subject.split(' ').pop() ?? '';
  // "Receipts are required for expenses over $75": the records are after "for".
  if (REQUIREMENT_NOUNS.has(head)) {
    const m = main.match(/\bfor\s+(?:all\s+|any\s+|each\s+)?([A-Za-z][A-Za-z -]*)/i);
    if (m) subject = nounPhrase(m[1]!);
  }
  if (PRONOUNS.has(subject)) subject = '';
  if (subject === '' && condition !== undefined) subject = nounPhrase(condition.replace(/^\w+\s+/, ''));
  return subject;
}

const REQUIREMENTS: Array<[RegExp, string]> = [
  [/\b(receipts?|invoices?|attach\w*)\b/i, 'receipt'],
  [/\bapprov(al|ed|e|er)s?\b/i, 'approval'],
  [/\b(disabled|deactivated|revoked|suspended|locked)\b/i, 'disabled'],
  [/\b(deleted|destroyed|purged|disposed|erased)\b/i, 'deleted'],
  [/\b(retained|kept|preserved|archived)\b/i, 'retained'],
  [/\bsubmitted\b/i, 'submitted'],
  [/\breconciled\b/i, 'reconciled'],
  [/\bdeposited\b/i, 'deposited'],
  [/\b(reported|report)\b/i, 'reported'],
  [/\b(reviewed|review)\b/i, 'reviewed'],
  [/\bdocumented\b/i, 'documented'],
  [/\bmulti-factor|\bmfa\b|\btwo-factor/i, 'multi-factor authentication'],
];

/**
 * What the sentence requires, looked for after the subject so that "Cash receipts must be
 * deposited" requires a deposit, not a receipt. Falls back to the verb phrase after the modal.
 */
export function extractRequirement(sentence: string, subject: string): string | undefined {
  const at = subject === '' ? -1 : sentence.toLowerCase().indexOf(subject);
  const rest = at < 0 ? sentence : sentence.slice(at + subject.length);
  const hits = REQUIREMENTS.map(([re, name]) => ({ name, index: rest.search(re) })).filter((h) => h.index >= 0);
  hits.sort((a, b) => a.index - b.index);
  if (hits.length > 0) return hits[0]!.name;
  const verb = rest.match(/\b(?:must|shall|should)\s+(?:not\s+|never\s+)?((?:be\s+)?[a-z]+(?:\s+[a-z]+){0,3})/i);
  const phrase = verb?.[1] ?? rest.match(/\brequires?\s+(?:an?\s+|the\s+)?([a-z-]+(?:\s+[a-z-]+){0,3})/i)?.[1];
  return phrase === undefined ? undefined : trimPhrase(phrase);
}

// "be rotated at least every" → "be rotated"; a bare "exceed" is the measure, not a requirement.
function trimPhrase(phrase: string): string | undefined {
  const words = phrase.toLowerCase().split(/\s+/);
  const kept: string[] = [words[0]!];
  for (const word of words.slice(1)) {
    if (STOP.has(word)) break;
    kept.push(word);
  }
  const text = kept.join(' ');
  return /^(be|exceed|exceeds|be more|be less)$/.test(text) ? undefined : text;
}

/** The qualifying words: an "if/when" clause and the threshold phrase, when there is one. */
export function extractCondition(sentence: string, measure: Measure | undefined): string | undefined {
  const parts: string[] = [];
  const { condition } = splitLeadingCondition(sentence);
  if (condition !== undefined) parts.push(condition);
  if (measure !== undefined && (measure.op === '>' || measure.op === '>=')) parts.push(measure.phrase);
  return parts.length > 0 ? parts.join('; ') : undefined;
}
