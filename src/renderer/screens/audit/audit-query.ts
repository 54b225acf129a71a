import type { AuditFilterView, AuditVerdict } from '../../../shared/api/audit.js';
import { formatCell } from '../../ui/format.js';

export const AUDIT_PAGE_SIZE = 50;

export interface AuditQuery {
  filter: AuditFilterView;
  order: 'newest' | 'oldest';
  /** 0-based. */
  page: number;
}

/** `#/audit?action=violation.&entity=violation&actor=…&q=…&order=oldest&page=2` (page 1-based in the address). */
export function auditQueryFromParams(params: Record<string, string>): AuditQuery {
  const filter: AuditFilterView = {};
  if (params.action) filter.action = params.action;
  if (params.entity) filter.entityType = params.entity;
  if (params.id) filter.entityId = params.id;
  if (params.actor) filter.actor = params.actor;
  if (params.q) filter.text = params.q;
  const page = Number(params.page);
  return { filter, order: params.order === 'oldest' ? 'oldest' : 'newest', page: Number.isInteger(page) && page > 1 ? page - 1 : 0 };
}

export function auditQueryToParams(q: AuditQuery): Record<string, string | undefined> {
  return {
    action: q.filter.action,
    entity: q.filter.entityType,
    id: q.filter.entityId,
    actor: q.filter.actor,
    q: q.filter.text,
    order: q.order === 'oldest' ? 'oldest' : undefined,
    page: q.page > 0 ? String(q.page + 1) : undefined,
  };
}

/** Trims every field and drops the empty ones, so a blank box means "any". */
export function cleanFilter(filter: AuditFilterView): AuditFilterView {
  const out: AuditFilterView = {};
  for (const [k, v] of Object.entries(filter) as Array<[keyof AuditFilterView, string | undefined]>) {
    const t = v?.trim();
    if (t) out[k] = t;
  }
  return out;
}

export interface PageInfo {
  from: number;
  to: number;
  pageCount: number;
  hasPrev: boolean;
  hasNext: boolean;
}

export function pageInfo(page: number, pageSize: number, total: number, shown: number): PageInfo {
  const offset = page * pageSize;
  return {
    from: shown === 0 ? 0 : offset + 1,
    to: offset + shown,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
    hasPrev: page > 0,
    hasNext: offset + shown < total,
  };
}

/** `status: dismissed, reason: "approved"` — the first few details on one line. */
export function detailsPreview(details: Record<string, unknown>, max = 3): string {
  const entries = Object.entries(details);
  const shown = entries.slice(0, max).map(([k, v]) => `${k}: ${typeof v === 'string' ? `"${truncate(v, 40)}"` : truncate(formatCell(v), 40)}`);
  return entries.length > max ? `${shown.join(', ')}, …` : shown.join(', ');
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function verdictMessage(v: AuditVerdict): string {
  if (v.ok) return `The audit trail is intact: ${v.entries.toLocaleString('en-US')} ${v.entries === 1 ? 'entry' : 'entries'} checked, every hash matches.`;
  return `The audit trail is broken at entry #${v.brokenAt} (of ${v.entries.toLocaleString('en-US')}): ${v.reason}. Entries from there on cannot be trusted; keep a copy of this workspace and investigate.`;
}

/** Common action prefixes, offered as suggestions in the action filter. */
export const ACTION_PREFIXES = ['violation.', 'rule.', 'scan.', 'policy.', 'connection.', 'workspace.'];
