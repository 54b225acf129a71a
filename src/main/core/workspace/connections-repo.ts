import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import { connectionConfigSchema } from '../sources/connection-config.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Engine } from '../sources/source.js';
import type { Clock } from './clock.js';
import { findSecret } from './secret-check.js';
import { isUniqueViolation } from './sqlite-errors.js';

export interface ConnectionRecord {
  id: string;
  name: string;
  engine: Engine;
  config: ConnectionConfig;
  createdAt: string;
  updatedAt: string;
}

export interface ConnectionsRepo {
  /** Registers a source. The config is validated and must not hold a secret. */
  add(name: string, config: unknown, actor: string, reason?: string): ConnectionRecord;
  get(name: string): ConnectionRecord | null;
  /** By name. */
  list(): ConnectionRecord[];
  remove(name: string, actor: string, reason?: string): void;
}

interface ConnectionRow {
  id: string;
  name: string;
  engine: string;
  config: string;
  created_at: string;
  updated_at: string;
}

const NAME_PATTERN = /^\S(?:.{0,98}\S)?$/u;

function parseConfig(raw: unknown, name: string): ConnectionConfig {
  const secretAt = findSecret(raw);
  if (secretAt) {
    throw new AppError(
      'INVALID_INPUT',
      `The configuration of connection "${name}" contains a password (${secretAt}). Remove it and pass it with --password-env VAR so it never lands in the workspace file.`,
      { connection: name, field: secretAt },
    );
  }
  const parsed = connectionConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new AppError(
      'INVALID_INPUT',
      `Invalid configuration for connection "${name}": ${field ? `${field} ` : ''}${issue?.message ?? 'is not valid'}.`,
      { connection: name, field },
    );
  }
  return parsed.data;
}

function toRecord(row: ConnectionRow): ConnectionRecord {
  let config: ConnectionConfig;
  try {
    config = parseConfig(JSON.parse(row.config) as unknown, row.name);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('WORKSPACE_INVALID', `The stored configuration of connection "${row.name}" is damaged: ${message}`, {
      connection: row.name,
    });
  }
  return { id: row.id, name: row.name, engine: config.engine, config, createdAt: row.created_at, updatedAt: row.updated_at };
}

export function createConnectionsRepo(db: Database.Database, audit: AuditLog, clock: Clock): ConnectionsRepo {
  const insert = db.prepare(
    'INSERT INTO connections (id, name, engine, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const byName = db.prepare('SELECT * FROM connections WHERE name = ?');
  const all = db.prepare('SELECT * FROM connections ORDER BY name');
  const deleteById = db.prepare('DELETE FROM connections WHERE id = ?');

  const add = db.transaction((name: string, rawConfig: unknown, actor: string, reason?: string) => {
    if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
      throw new AppError(
        'INVALID_INPUT',
        `"${name}" is not a usable connection name: use 1 to 100 characters without leading or trailing spaces.`,
        { field: 'name' },
      );
    }
    const config = parseConfig(rawConfig, name);
    const id = randomUUID();
    const at = clock();
    try {
      insert.run(id, name, config.engine, JSON.stringify(config), at, at);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError(
          'ALREADY_EXISTS',
          `A connection named "${name}" already exists; choose another name or remove it first.`,
          { connection: name },
        );
      }
      throw error;
    }
    audit.append({
      actor,
      action: 'connection.added',
      entityType: 'connection',
      entityId: id,
      details: { name, engine: config.engine, ...(reason ? { reason } : {}) },
    });
    return { id, name, engine: config.engine, config, createdAt: at, updatedAt: at };
  });

  const rulesUsing = db.prepare("SELECT id FROM rules WHERE connection = ? AND status <> 'inactive' ORDER BY id");
  const remove = db.transaction((name: string, actor: string, reason?: string) => {
    const row = byName.get(name) as ConnectionRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No connection named "${name}". See the names with "connection list".`, { connection: name });
    // Rules name their connection; removing it would leave them unscannable without a word.
    const users = (rulesUsing.all(name) as Array<{ id: string }>).map((r) => r.id);
    if (users.length > 0) {
      throw new AppError(
        'INVALID_INPUT',
        `Connection "${name}" is used by ${users.length} rule(s): ${users.slice(0, 10).join(', ')}${users.length > 10 ? ', …' : ''}. Deactivate or re-target those rules first.`,
        { connection: name, rules: users },
      );
    }
    deleteById.run(row.id);
    audit.append({
      actor,
      action: 'connection.removed',
      entityType: 'connection',
      entityId: row.id,
      details: { name: row.name, engine: row.engine, ...(reason ? { reason } : {}) },
    });
  });

  return {
    add: (name, config, actor, reason) => add.immediate(name, config, actor, reason),
    get(name) {
      const row = byName.get(name) as ConnectionRow | undefined;
      return row ? toRecord(row) : null;
    },
    list: () => (all.all() as ConnectionRow[]).map(toRecord),
    remove: (name, actor, reason) => remove.immediate(name, actor, reason),
  };
}
