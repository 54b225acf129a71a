import { describe, expect, it } from 'vitest';
import type { CandidateView, PolicyDetail } from '../../../shared/api/policies.js';
import { filterCandidates, nextPending, resolveSelection, statusFilterFrom } from './candidate-selection.js';

function candidate(id: string, page: number, over: Partial<CandidateView> = {}): CandidateView {
  return {
    id,
    policyId: 'p',
    page,
    quote: 'q',
    title: id,
    description: '',
    severity: 'medium',
    confidence: 0.5,
    origin: 'heuristic',
    status: 'pending',
    draft: null,
    problems: [],
    ruleId: null,
    decidedBy: null,
    decidedAt: null,
    reason: null,
    ...over,
  };
}

const candidates = [candidate('c', 2), candidate('a', 1, { confidence: 0.4 }), candidate('b', 1, { confidence: 0.9, status: 'accepted' }), candidate('d', 3, { status: 'rejected' })];
const detail: PolicyDetail = {
  policy: { id: 'p', filename: 'p.pdf', title: null, pages: 3, extractor: 'heuristic', connection: null, importedAt: '', candidates: { pending: 2, accepted: 1, rejected: 1 } },
  pages: [1, 2, 3].map((number) => ({ number, text: `page ${number}`, hasTextLayer: true })),
  candidates,
};

describe('candidate selection', () => {
  it('orders by page then confidence and filters by status', () => {
    expect(filterCandidates(candidates, 'all').map((c) => c.id)).toEqual(['b', 'a', 'c', 'd']);
    expect(filterCandidates(candidates, 'pending').map((c) => c.id)).toEqual(['a', 'c']);
    expect(statusFilterFrom('rejected')).toBe('rejected');
    expect(statusFilterFrom('bogus')).toBe('all');
  });

  it('uses the named candidate and its page, or the page asked for', () => {
    const visible = filterCandidates(candidates, 'all');
    expect(resolveSelection(detail, visible, { candidate: 'c' })).toMatchObject({ candidate: { id: 'c' }, page: 2 });
    expect(resolveSelection(detail, visible, { candidate: 'c', page: '3' })).toMatchObject({ candidate: { id: 'c' }, page: 3 });
    expect(resolveSelection(detail, visible, {})).toMatchObject({ candidate: { id: 'b' }, page: 1 });
  });

  it('ignores a page the policy does not have and a candidate it does not know', () => {
    const visible = filterCandidates(candidates, 'pending');
    expect(resolveSelection(detail, visible, { candidate: 'zzz', page: '9' })).toMatchObject({ candidate: { id: 'a' }, page: 1 });
    expect(resolveSelection(detail, [], { page: '2' })).toEqual({ candidate: null, page: 2 });
    expect(resolveSelection({ ...detail, pages: [] }, [], {})).toEqual({ candidate: null, page: 0 });
  });

  it('moves on to the next pending candidate after a decision', () => {
    const ordered = filterCandidates(candidates, 'all');
    expect(nextPending(ordered, 'a')?.id).toBe('c');
    expect(nextPending(ordered, 'c')?.id).toBe('a');
    expect(nextPending([candidate('x', 1)], 'x')).toBeNull();
  });
});
