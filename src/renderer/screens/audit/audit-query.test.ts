import { describe, expect, it } from 'vitest';
import { auditQueryFromParams, auditQueryToParams, cleanFilter, detailsPreview, pageInfo, verdictMessage } from './audit-query.js';

describe('audit query in the URL', () => {
  it('reads filters, order and a 1-based page', () => {
    expect(auditQueryFromParams({ action: 'violation.', entity: 'violation', actor: 'app:ann', q: 'ticket', order: 'oldest', page: '3' })).toEqual({
      filter: { action: 'violation.', entityType: 'violation', actor: 'app:ann', text: 'ticket' },
      order: 'oldest',
      page: 2,
    });
  });
  it('defaults to newest first on the first page and ignores a bad page', () => {
    expect(auditQueryFromParams({ page: 'x', order: 'sideways' })).toEqual({ filter: {}, order: 'newest', page: 0 });
    expect(auditQueryFromParams({ page: '-4' }).page).toBe(0);
  });
  it('round-trips, leaving defaults out of the address', () => {
    const q = { filter: { action: 'rule.' }, order: 'oldest' as const, page: 1 };
    const params = auditQueryToParams(q);
    expect(params).toMatchObject({ action: 'rule.', order: 'oldest', page: '2' });
    expect(auditQueryToParams({ filter: {}, order: 'newest', page: 0 })).toEqual({ action: undefined, entity: undefined, id: undefined, actor: undefined, q: undefined, order: undefined, page: undefined });
    const clean = Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
    expect(auditQueryFromParams(clean)).toEqual(q);
  });
  it('treats blank boxes as "any"', () => {
    expect(cleanFilter({ action: '  ', actor: ' app:ann ', text: '' })).toEqual({ actor: 'app:ann' });
  });
});

describe('pageInfo', () => {
  it('says which entries are shown and where one can go', () => {
    expect(pageInfo(0, 50, 120, 50)).toEqual({ from: 1, to: 50, pageCount: 3, hasPrev: false, hasNext: true });
    expect(pageInfo(2, 50, 120, 20)).toEqual({ from: 101, to: 120, pageCount: 3, hasPrev: true, hasNext: false });
    expect(pageInfo(0, 50, 0, 0)).toEqual({ from: 0, to: 0, pageCount: 1, hasPrev: false, hasNext: false });
  });
});

describe('detailsPreview and verdictMessage', () => {
  it('shows the first details on one line', () => {
    expect(detailsPreview({ reason: 'approved', from: 'open', to: 'dismissed', extra: 1 })).toBe('reason: "approved", from: "open", to: "dismissed", …');
    expect(detailsPreview({ count: 3, ids: [1, 2] })).toBe('count: 3, ids: [1,2]');
  });
  it('states the verdict with the count or the first broken entry', () => {
    expect(verdictMessage({ ok: true, entries: 42, checkedAt: '' })).toMatch(/intact: 42 entries/);
    expect(verdictMessage({ ok: false, entries: 42, brokenAt: 7, reason: 'hash mismatch', checkedAt: '' })).toMatch(/broken at entry #7 .*hash mismatch/);
  });
});
