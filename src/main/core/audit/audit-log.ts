import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.js';
import type { Clock } from '../workspace/clock.js';
import { canonicalJson } from './canonical-json.js';
import { GENESIS_HASH, entryHashOfText, verifyChain } from './hash-chain.js';
import type { ChainVerdict, HashedFields, StoredEntry } from './hash-chain.js';

export interface AuditEntryInput {
  actor: string;
  /** Dotted verb in the past tense: `rule.activated`, `violation.dismissed`, `scan.completed`. */
  action: string;
  entityType: string;
  entityId: string | null;
  details?: Record<string, unknown>;
}

/** A stored entry: the hashed fields, the hash it chains to, and its own. */
export interface AuditEntry extends HashedFields {
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  action?: string;
  entityType?: string;
  entityId?: string;
  /** Default 1000; page on with `afterSeq`. */
  limit?: number;
  afterSeq?: number;
}

export type AuditVerifyResult = ChainVerdict;

export interface AuditLog {
  /** Appends one entry. Safe inside the caller's transaction (it becomes a savepoint there). */
  append(entry: AuditEntryInput): AuditEntry;
  /** Entries in `seq` order. */
  list(filter?: AuditFilter): AuditEntry[];
  /** Walks the whole chain in `seq` order without holding it in memory. */
  verify(): AuditVerifyResult;
}

const DEFAULT_LIST_LIMIT = 1000;

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

function toStored(row: AuditRow): StoredEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    detailsText: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function toEntry(row: AuditRow): AuditEntry {
  const { detailsText, ...rest } = toStored(row);
  return { ...rest, details: JSON.parse(detailsText) as Record<string, unknown> };
}

function requireText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AppError('INVALID_INPUT', `An audit entry needs a non-empty ${field}.`, { field });
  }
}

export function createAuditLog(db: Database.Database, clock: Clock): AuditLog {
  const lastStmt = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insertStmt = db.prepare(
    `INSERT INTO audit_log (seq, at, actor, action, entity_type, entity_id, details, prev_hash, hash)
     VALUES (@seq, @at, @actor, @action, @entityType, @entityId, @details, @prevHash, @hash)`,
  );
  const allStmt = db.prepare('SELECT * FROM audit_log ORDER BY seq');

  function appendNow(input: AuditEntryInput): AuditEntry {
    requireText(input.actor, 'actor');
    requireText(input.action, 'action');
    requireText(input.entityType, 'entityType');
    const details = input.details ?? {};
    if (details === null || typeof details !== 'object' || Array.isArray(details)) {
      throw new AppError('INVALID_INPUT', 'Audit entry details must be an object.', { field: 'details' });
    }
    // Stored and hashed as the same canonical text, so verify recomputes exactly what was hashed.
    const detailsText = canonicalJson(details);
    const last = lastStmt.get() as { seq: number; hash: string } | undefined;
    const fields = {
      seq: (last?.seq ?? 0) + 1,
      at: clock(),
      actor: input.actor,
      action: input.action,
      entityType: input.entityType,
      // A number would be stored as text by the column and then no longer hash the same.
      entityId: input.entityId === null || input.entityId === undefined ? null : String(input.entityId),
      detailsText,
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    const hash = entryHashOfText(prevHash, fields);
    const { detailsText: _text, ...rest } = fields;
    insertStmt.run({ ...rest, details: detailsText, prevHash, hash });
    return { ...rest, details: JSON.parse(detailsText) as Record<string, unknown>, prevHash, hash };
  }
  const appendTx = db.transaction(appendNow);

  return {
    // Alone: an IMMEDIATE transaction, so two writers cannot both read the same last entry.
    // Inside the caller's transaction no savepoint is needed: the insert is the only write and
    // comes last, so a failure leaves nothing behind.
    append: (entry) => (db.inTransaction ? appendNow(entry) : appendTx.immediate(entry)),

    list(filter = {}) {
      const where: string[] = [];
      const params: Record<string, unknown> = {};
      if (filter.action !== undefined) {
        where.push('action = @action');
        params.action = filter.action;
      }
      if (filter.entityType !== undefined) {
        where.push('entity_type = @entityType');
        params.entityType = filter.entityType;
      }
      if (filter.entityId !== undefined) {
        where.push('entity_id = @entityId');
        params.entityId = filter.entityId;
      }
      if (filter.afterSeq !== undefined) {
        where.push('seq > @afterSeq');
        params.afterSeq = filter.afterSeq;
      }
      params.limit = Math.max(0, Math.floor(filter.limit ?? DEFAULT_LIST_LIMIT));
      const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT @limit`;
      return (db.prepare(sql).all(params) as AuditRow[]).map(toEntry);
    },

    verify() {
      function* rows(): Generator<StoredEntry> {
        for (const row of allStmt.iterate() as IterableIterator<AuditRow>) yield toStored(row);
      }
      return verifyChain(rows());
    },
  };
}
