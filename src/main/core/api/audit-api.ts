import type { AuditApi, AuditEntryView, AuditFilterView } from '../../../shared/api/audit.js';
import { AppError } from '../../../shared/errors.js';
import type { Workspace } from '../workspace/workspace.js';
import type { ApiContext } from './api-context.js';

const MAX_PAGE = 1000;

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  details: string;
  hash: string;
}

/** `%`, `_` and the escape itself match literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function text(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new AppError('INVALID_INPUT', `The audit filter's ${field} must be text.`, { field });
  return value;
}

function whereOf(filter: AuditFilterView | undefined): { where: string; params: Record<string, string> } {
  const f = filter ?? {};
  const parts: string[] = [];
  const params: Record<string, string> = {};
  const action = text(f.action, 'action');
  if (action !== undefined) {
    // A range rather than LIKE, so the action index serves it; U+10FFFF sorts after any text that continues the prefix.
    parts.push('action >= @action AND action < @actionEnd');
    params.action = action;
    params.actionEnd = `${action}\u{10FFFF}`;
  }
  const eq = (column: string, name: string, value: string | undefined): void => {
    if (value === undefined) return;
    parts.push(`${column} = @${name}`);
    params[name] = value;
  };
  eq('entity_type', 'entityType', text(f.entityType, 'entityType'));
  eq('entity_id', 'entityId', text(f.entityId, 'entityId'));
  eq('actor', 'actor', text(f.actor, 'actor'));
  const search = text(f.text, 'text');
  if (search !== undefined) {
    parts.push(`(action LIKE @text ESCAPE '\\' OR entity_id LIKE @text ESCAPE '\\' OR details LIKE @text ESCAPE '\\')`);
    params.text = `%${escapeLike(search)}%`;
  }
  return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

function count(value: unknown, field: string, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new AppError('INVALID_INPUT', `${field} must be a number of entries, 0 or more.`, { field });
  }
  return Math.min(Math.floor(value), max);
}

export function listAudit(ws: Workspace, args: Parameters<AuditApi['listAudit']>[0]): { entries: AuditEntryView[]; total: number } {
  const { where, params } = whereOf(args.filter);
  const limit = count(args.limit, 'limit', MAX_PAGE);
  const offset = count(args.offset, 'offset', Number.MAX_SAFE_INTEGER);
  const order = args.order ?? 'newest';
  if (order !== 'newest' && order !== 'oldest') {
    throw new AppError('INVALID_INPUT', `Audit order must be "newest" or "oldest", not "${String(order)}".`, { field: 'order' });
  }
  const total = ws.db.prepare(`SELECT count(*) FROM audit_log ${where}`).pluck(true).get(params) as number;
  const rows = ws.db
    .prepare(`SELECT seq, at, actor, action, entity_type, entity_id, details, hash FROM audit_log ${where}
              ORDER BY seq ${order === 'newest' ? 'DESC' : 'ASC'} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit, offset }) as AuditRow[];
  return {
    total,
    entries: rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      details: JSON.parse(r.details) as Record<string, unknown>,
      hash: r.hash,
    })),
  };
}

export function createAuditApi(ctx: ApiContext): AuditApi {
  return {
    async listAudit(args) {
      return listAudit(ctx.ws, args);
    },
    async verifyAudit() {
      const verdict = ctx.ws.audit.verify();
      return { ...verdict, checkedAt: ctx.ws.now() };
    },
  };
}
