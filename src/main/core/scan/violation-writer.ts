import type Database from 'better-sqlite3';

import type { ViolationStatus } from '../../../shared/api/violations.js';

export type { ViolationStatus };

const STATUS_CODES: readonly ViolationStatus[] = ['open', 'confirmed', 'dismissed', 'resolved'];

/**
 * A rule's earlier violations by record key, each packed into one number (id × 4 + status): a
 * re-scan holds one entry per violation, so no object per entry.
 */
export type ExistingViolations = Map<string, number>;

export function existingId(packed: number): number {
  return Math.floor(packed / 4);
}

export function existingStatus(packed: number): ViolationStatus {
  return STATUS_CODES[packed % 4]!;
}

export interface NewViolation {
  recordKey: string;
  snapshot: string;
  justification: string;
}

/**
 * Violations as one flat list: record key, snapshot and justification of the first, then of the
 * second, and so on. This is the form that crosses to the write worker: a message of plain strings
 * costs a third of one of objects to copy and again to rebuild (1,000 violations: 0.42 + 0.46 ms
 * against 1.41 + 1.35 ms), and the upsert binds exactly these three values per row.
 */
export type ViolationTexts = string[];

/** Bound values per row of the upsert, and strings per violation in ViolationTexts. */
export const TEXTS_PER_VIOLATION = 3;

export function violationTexts(rows: readonly NewViolation[]): ViolationTexts {
  const texts: ViolationTexts = new Array<string>(rows.length * TEXTS_PER_VIOLATION);
  let at = 0;
  for (const row of rows) {
    texts[at++] = row.recordKey;
    texts[at++] = row.snapshot;
    texts[at++] = row.justification;
  }
  return texts;
}

/** One place a rule reads: its violations are kept apart from those of its other mappings. */
export interface MappingPlace {
  connection: string;
  table: string;
}

export interface WriterContext extends MappingPlace {
  ruleId: string;
  severity: string;
  runId: number;
}

/** Rows per multi-row upsert statement. */
export const UPSERT_CHUNK = 100;

/**
 * A resolved violation seen again is reopened with the new evidence; an open, confirmed or
 * dismissed one is left as the reviewer left it. `rows` rows per statement.
 *
 * What every row of a group shares (rule, place, severity, run, time) is bound once per statement
 * by name; each row binds only its key and texts. Binding a value from JS costs a property read
 * and a UTF-8 copy, and ten per row were a fifth of the write (measured on 100,000 violations:
 * 510–560 ms CPU with every value per row, 400–440 ms with these, 360–380 ms at 100 rows).
 */
function upsertSql(rows: number): string {
  const row = "(@ruleId, ?, @connection, @table, @severity, 'open', ?, ?, @runId, @at, @at)";
  return `
    INSERT INTO violations (rule_id, record_key, connection, target_table, severity, status, snapshot,
      justification, first_seen_run, first_seen_at, status_changed_at)
    VALUES ${Array.from({ length: rows }, () => row).join(', ')}
    ON CONFLICT (rule_id, connection, target_table, record_key) DO UPDATE SET
      status = 'open', snapshot = excluded.snapshot, justification = excluded.justification,
      status_changed_at = excluded.status_changed_at, resolved_run = NULL, resolved_at = NULL
    WHERE violations.status = 'resolved'`;
}

/**
 * Writes one rule's violations. Everything is set-based or keyed by the unique
 * (rule_id, connection, target_table, record_key) index: no per-row look-ups before writing.
 * Reads take an optional place: without it they cover every mapping of the rule.
 */
export class ViolationWriter {
  /** The upsert by rows per statement, prepared when first needed: at most UPSERT_CHUNK of them. */
  private readonly upserts = new Map<number, Database.Statement>();
  private readonly resolveOne: Database.Statement;
  private readonly existingKeys: Database.Statement;
  private readonly existingIds: Database.Statement;
  private readonly existingOther: Database.Statement;
  private readonly existingOtherAt: Database.Statement;
  private readonly openCount: Database.Statement;
  private readonly existingKeysAt: Database.Statement;
  private readonly existingIdsAt: Database.Statement;
  private readonly readExisting: (ruleId: string, place?: MappingPlace) => ExistingViolations;
  private readonly openCountAt: Database.Statement;
  private readonly firstPlace: Database.Statement;
  private readonly nextTable: Database.Statement;
  private readonly nextConnection: Database.Statement;
  private readonly openAt: Database.Statement;
  private readonly anyOfRule: Database.Statement;
  private readonly upsertMany: (texts: ViolationTexts, ctx: WriterContext, at: string) => number;
  private readonly resolveMany: (ids: number[], runId: number, at: string) => number;

  constructor(private readonly db: Database.Database) {
    this.resolveOne = db.prepare(`
      UPDATE violations SET status = 'resolved', resolved_run = ?, resolved_at = ?, status_changed_at = ?
      WHERE id = ? AND status IN ('open', 'confirmed')`);
    // A re-scan loads every earlier violation. Keys and ids come from the unique index alone (no
    // row read), as two single-column reads walking it in order whatever statistics the planner
    // has: better-sqlite3 builds an array per row otherwise, which was half the load (100,000
    // violations: 57 ms for the rows alone, 14 ms for the keys; the whole load 80 → 40 ms). The few
    // violations that are not open are read apart through (rule_id, status).
    const from = 'FROM violations INDEXED BY violations_rule_place_key WHERE rule_id = ?';
    const inIndexOrder = 'ORDER BY connection, target_table, record_key';
    this.existingKeys = db.prepare(`SELECT record_key ${from} ${inIndexOrder}`).pluck(true);
    this.existingIds = db.prepare(`SELECT id ${from} ${inIndexOrder}`).pluck(true);
    const at = 'AND connection = ? AND target_table = ?';
    this.existingKeysAt = db.prepare(`SELECT record_key ${from} ${at} ${inIndexOrder}`).pluck(true);
    this.existingIdsAt = db.prepare(`SELECT id ${from} ${at} ${inIndexOrder}`).pluck(true);
    const others = "status IN ('confirmed', 'dismissed', 'resolved')";
    this.existingOther = db.prepare(`SELECT record_key, id, status FROM violations WHERE rule_id = ? AND ${others}`).raw(true);
    this.existingOtherAt = db
      .prepare(`SELECT record_key, id, status FROM violations WHERE rule_id = ? AND ${others} AND connection = ? AND target_table = ?`)
      .raw(true);
    this.openCount = db
      .prepare(`SELECT count(*) FROM violations WHERE rule_id = ? AND status IN ('open', 'confirmed')`)
      .pluck(true);
    this.openCountAt = db
      .prepare(`SELECT count(*) FROM violations WHERE rule_id = ? AND connection = ? AND target_table = ? AND status IN ('open', 'confirmed')`)
      .pluck(true);
    this.firstPlace = db.prepare('SELECT connection, target_table FROM violations WHERE rule_id = ? ORDER BY connection, target_table LIMIT 1').raw(true);
    // Two seeks, not one `(connection, target_table) > (?, ?)`: SQLite walked every entry of the
    // place with that (1.3 ms for 20,000 violations, against 0.02 ms).
    this.nextTable = db
      .prepare('SELECT connection, target_table FROM violations WHERE rule_id = ? AND connection = ? AND target_table > ? ORDER BY target_table LIMIT 1')
      .raw(true);
    this.nextConnection = db
      .prepare('SELECT connection, target_table FROM violations WHERE rule_id = ? AND connection > ? ORDER BY connection, target_table LIMIT 1')
      .raw(true);
    this.openAt = db
      .prepare(`SELECT id FROM violations WHERE rule_id = ? AND connection = ? AND target_table = ? AND status IN ('open', 'confirmed')`)
      .pluck(true);
    this.anyOfRule = db.prepare('SELECT 1 FROM violations WHERE rule_id = ? LIMIT 1');
    this.upsertMany = db.transaction((texts: ViolationTexts, ctx: WriterContext, at: string) => {
      let changed = 0;
      let i = 0;
      const shared = { ruleId: ctx.ruleId, connection: ctx.connection, table: ctx.table, severity: ctx.severity, runId: ctx.runId, at };
      // Positional parameters, many rows per statement: the per-call cost of binding and stepping
      // is paid once per chunk (about a sixth of the write time at 100,000 violations). The rows
      // left over take one statement of their own size, not one each.
      while (i < texts.length) {
        const size = Math.min(UPSERT_CHUNK * TEXTS_PER_VIOLATION, texts.length - i);
        const values = texts.slice(i, i + size);
        changed += this.upsertOf(size / TEXTS_PER_VIOLATION).run(values, shared).changes;
        i += size;
      }
      return changed;
    });
    // One read transaction: the keys, the ids and the statuses are of the same moment.
    this.readExisting = db.transaction((ruleId: string, at?: MappingPlace): ExistingViolations => {
      const args = at ? [ruleId, at.connection, at.table] : [ruleId];
      const keys = (at ? this.existingKeysAt : this.existingKeys).all(...args) as string[];
      const ids = (at ? this.existingIdsAt : this.existingIds).all(...args) as number[];
      if (keys.length !== ids.length) throw new Error(`Read ${keys.length} keys but ${ids.length} ids of rule "${ruleId}".`);
      const map: ExistingViolations = new Map();
      // Open is status code 0: id × 4.
      for (let i = 0; i < keys.length; i++) map.set(keys[i]!, ids[i]! * 4);
      const others = at ? this.existingOtherAt.iterate(...args) : this.existingOther.iterate(ruleId);
      for (const row of others as Iterable<[string, number, ViolationStatus]>) map.set(row[0], row[1] * 4 + STATUS_CODES.indexOf(row[2]));
      return map;
    });
    this.resolveMany = db.transaction((ids: number[], runId: number, at: string) => {
      let changed = 0;
      for (const id of ids) changed += this.resolveOne.run(runId, at, at, id).changes;
      return changed;
    });
  }

  private upsertOf(rows: number): Database.Statement {
    let statement = this.upserts.get(rows);
    if (statement === undefined) {
      statement = this.db.prepare(upsertSql(rows));
      this.upserts.set(rows, statement);
    }
    return statement;
  }

  /** Every violation this rule has ever had (in one place, when given), by record key. */
  loadExisting(ruleId: string, place?: MappingPlace): ExistingViolations {
    return this.readExisting(ruleId, place);
  }

  /** Inserts new violations and reopens resolved ones, in one transaction. Returns how many changed. */
  write(rows: NewViolation[], ctx: WriterContext, at: string): number {
    return rows.length === 0 ? 0 : this.upsertMany(violationTexts(rows), ctx, at);
  }

  /** `write` for violations already in their flat form. */
  writeTexts(texts: ViolationTexts, ctx: WriterContext, at: string): number {
    if (texts.length % TEXTS_PER_VIOLATION !== 0) throw new Error(`${texts.length} texts are not whole violations.`);
    return texts.length === 0 ? 0 : this.upsertMany(texts, ctx, at);
  }

  /** Marks open or confirmed violations resolved, in one transaction per call. */
  resolve(ids: number[], runId: number, at: string): number {
    return ids.length === 0 ? 0 : this.resolveMany(ids, runId, at);
  }

  /** How many of this rule's violations a run wrote first: what a run that failed midway committed. */
  countFirstSeen(ruleId: string, runId: number, place?: MappingPlace): number {
    if (place) {
      return this.db
        .prepare('SELECT count(*) FROM violations WHERE rule_id = ? AND connection = ? AND target_table = ? AND first_seen_run = ?')
        .pluck(true)
        .get(ruleId, place.connection, place.table, runId) as number;
    }
    return this.db.prepare('SELECT count(*) FROM violations WHERE rule_id = ? AND first_seen_run = ?').pluck(true).get(ruleId, runId) as number;
  }

  /** Runs `work` in one transaction (a nested write becomes a savepoint of it): a batch and its watermark commit together. */
  atomically<T>(work: () => T): T {
    // IMMEDIATE: the write lock is taken up front, so a commit by the background writer in between
    // cannot leave this transaction on a stale snapshot (SQLITE_BUSY without waiting).
    return this.db.transaction(work).immediate();
  }

  /** Whether the rule has no violation on file at all: its next full pass writes every one it finds. */
  isUnscanned(ruleId: string): boolean {
    return this.anyOfRule.get(ruleId) === undefined;
  }

  countOpen(ruleId: string, place?: MappingPlace): number {
    return (place ? this.openCountAt.get(ruleId, place.connection, place.table) : this.openCount.get(ruleId)) as number;
  }

  /**
   * Resolves the open violations of places the rule no longer reads (a mapping removed, a target
   * moved to another table): nothing will scan them again. Returns their ids.
   */
  resolveRetired(ruleId: string, current: MappingPlace[], runId: number, at: string): number[] {
    const wanted = new Set(current.map((p) => `${p.connection}\u0000${p.table}`));
    const ids: number[] = [];
    // Seek from place to place along the unique index: a handful of look-ups however many
    // violations each place holds, where filtering every violation of the rule cost a full walk.
    let place = this.firstPlace.get(ruleId) as [string, string] | undefined;
    while (place !== undefined) {
      const [connection, table] = place;
      if (!wanted.has(`${connection}\u0000${table}`)) for (const id of this.openAt.iterate(ruleId, connection, table) as Iterable<number>) ids.push(id);
      place = (this.nextTable.get(ruleId, connection, table) ?? this.nextConnection.get(ruleId, connection)) as [string, string] | undefined;
    }
    this.resolve(ids, runId, at);
    return ids;
  }
}
