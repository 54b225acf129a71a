import type { PolicyPage } from '../../../../shared/policy.js';
import type { Clause, HeuristicFinding, Measure } from './clause.js';
import { classifySentence, modalityOf, severityOf } from './classify.js';
import { extractMeasures } from './measure.js';
import { extractCondition, extractRequirement, extractSubject } from './parts.js';
import { splitSentences } from './sentences.js';

/** The heuristic path never claims the certainty of a reviewed rule; the model path may go higher. */
export const HEURISTIC_CONFIDENCE = { min: 0.3, max: 0.7 } as const;

const KNOWN_REQUIREMENTS = new Set([
  'receipt', 'approval', 'disabled', 'deleted', 'retained', 'submitted', 'reconciled', 'deposited',
  'reported', 'reviewed', 'documented', 'multi-factor authentication',
]);

function confidenceOf(clause: Clause): number {
  let c = 0.4;
  if (clause.measure !== undefined) c += 0.15;
  if (clause.requirement !== undefined && KNOWN_REQUIREMENTS.has(clause.requirement)) c += 0.1;
  if (clause.subject !== '') c += 0.05;
  if (clause.modality === 'recommendation') c -= 0.1;
  const clamped = Math.min(HEURISTIC_CONFIDENCE.max, Math.max(HEURISTIC_CONFIDENCE.min, c));
  return Math.round(clamped * 100) / 100;
}

function describeMeasure(m: Measure): string {
  const unit = m.kind === 'money' ? '$' : '';
  const suffix = m.kind === 'percent' ? '%' : m.kind === 'days' || m.kind === 'years' ? ` ${m.kind}` : '';
  return `${m.op} ${unit}${m.value}${suffix} (${m.kind})`;
}

function titleOf(sentence: string): string {
  const flat = sentence.replace(/\s+/g, ' ').replace(/[.!?]+$/, '');
  if (flat.length <= 80) return flat;
  const cut = flat.slice(0, 80);
  return `${cut.slice(0, Math.max(40, cut.lastIndexOf(' ')))}…`;
}

function describe(clause: Clause): string {
  const parts = [`Heuristic extraction (keyword rules, no model); review before use. Subject: ${clause.subject || 'unknown'}.`];
  if (clause.measure) parts.push(`Measure: ${describeMeasure(clause.measure)}.`);
  if (clause.requirement) parts.push(`Requirement: ${clause.requirement}.`);
  if (clause.condition) parts.push(`Condition: ${clause.condition}.`);
  return parts.join(' ');
}

/**
 * Finds obligations and prohibitions in policy pages without a model. Deterministic: the same
 * pages give the same findings. Quotes are verbatim slices of the page text.
 */
export function extractHeuristicCandidates(pages: PolicyPage[]): HeuristicFinding[] {
  const findings: HeuristicFinding[] = [];
  for (const page of pages) {
    if (!page.hasTextLayer) continue;
    for (const sentence of splitSentences(page.text)) {
      if (classifySentence(sentence.text) !== 'rule') continue;
      const modality = modalityOf(sentence.text);
      if (modality === null) continue;
      const subject = extractSubject(sentence.text);
      const measure = extractMeasures(sentence.text)[0];
      const requirement = extractRequirement(sentence.text, subject);
      const condition = extractCondition(sentence.text, measure);
      const clause: Clause = {
        subject,
        modality,
        ...(measure !== undefined ? { measure } : {}),
        ...(requirement !== undefined ? { requirement } : {}),
        ...(condition !== undefined ? { condition } : {}),
      };
      findings.push({
        quote: sentence.text,
        page: page.number,
        title: titleOf(sentence.text),
        description: describe(clause),
        severity: severityOf(sentence.text, modality),
        confidence: confidenceOf(clause),
        origin: 'heuristic',
        clause,
      });
    }
  }
  return findings;
}
