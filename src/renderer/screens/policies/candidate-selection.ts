import type { CandidateView, PolicyDetail } from '../../../shared/api/policies.js';

export type StatusFilter = 'all' | CandidateView['status'];
export const STATUS_FILTERS: readonly StatusFilter[] = ['all', 'pending', 'accepted', 'rejected'];

/** Candidates in reading order (page, then the more confident first), narrowed to one status. */
export function filterCandidates(candidates: readonly CandidateView[], status: StatusFilter): CandidateView[] {
  return candidates
    .filter((c) => status === 'all' || c.status === status)
    .sort((a, b) => a.page - b.page || b.confidence - a.confidence || a.title.localeCompare(b.title));
}

export function statusFilterFrom(value: string | undefined): StatusFilter {
  return STATUS_FILTERS.includes(value as StatusFilter) ? (value as StatusFilter) : 'all';
}

export interface Selection {
  candidate: CandidateView | null;
  /** The page shown, 1-based, always one the policy has (or 0 for a policy without pages). */
  page: number;
}

/**
 * What the policy view shows from `?candidate=&page=`: the named candidate (else the first one
 * in the list), and the page asked for (else that candidate's page, else the first).
 */
export function resolveSelection(detail: PolicyDetail, visible: readonly CandidateView[], params: { candidate?: string; page?: string }): Selection {
  const candidate = detail.candidates.find((c) => c.id === params.candidate) ?? visible[0] ?? null;
  const pageCount = detail.pages.length;
  if (pageCount === 0) return { candidate, page: 0 };
  const asked = Number(params.page);
  const page = Number.isInteger(asked) && asked >= 1 && asked <= pageCount ? asked : (candidate?.page ?? 1);
  return { candidate, page: Math.min(Math.max(page, 1), pageCount) };
}

/** The next candidate to show after one is decided: the following one still pending, else the first pending. */
export function nextPending(candidates: readonly CandidateView[], afterId: string): CandidateView | null {
  const index = candidates.findIndex((c) => c.id === afterId);
  const later = candidates.slice(index + 1).find((c) => c.status === 'pending' && c.id !== afterId);
  return later ?? candidates.find((c) => c.status === 'pending' && c.id !== afterId) ?? null;
}
