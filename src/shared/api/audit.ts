export interface AuditEntryView {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  details: Record<string, unknown>;
  hash: string;
}

export interface AuditFilterView {
  /** A prefix: `violation.` matches every violation action. */
  action?: string;
  entityType?: string;
  entityId?: string;
  actor?: string;
  /** Text anywhere in the action, entity id or details. */
  text?: string;
}

export type AuditVerdict =
  | { ok: true; entries: number; checkedAt: string }
  | { ok: false; entries: number; brokenAt: number; reason: string; checkedAt: string };

export interface AuditApi {
  /** Newest first by default. */
  listAudit(args: { filter: AuditFilterView; offset: number; limit: number; order?: 'newest' | 'oldest' }): Promise<{ entries: AuditEntryView[]; total: number }>;
  verifyAudit(args: Record<string, never>): Promise<AuditVerdict>;
}
