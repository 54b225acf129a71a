import { resolve } from 'node:path';
import type { ConnectionInput } from '../../../shared/api/connections.js';
import { AppError } from '../../../shared/errors.js';
import { filesConfigSchema, parseMongoInput, parseMysqlInput, parsePostgresInput, type ConnectionConfig } from './connection-config.js';

/**
 * Turns what a person typed (a SQLite path, a PostgreSQL URL) into the config the workspace stores:
 * a relative path is made absolute, a URL with a password is refused.
 */
export function configFromInput(input: ConnectionInput, cwd: string = process.cwd()): ConnectionConfig {
  switch (input?.engine) {
    case 'sqlite': {
      if (typeof input.path !== 'string' || input.path.trim() === '') {
        throw new AppError('INVALID_INPUT', 'Give the path of the SQLite file.', { field: 'path' });
      }
      return { engine: 'sqlite', path: resolve(cwd, input.path.trim()) };
    }
    case 'postgres': {
      if (typeof input.url !== 'string') throw new AppError('INVALID_INPUT', 'Give a PostgreSQL URL: postgres://user@host:5432/database.', { field: 'url' });
      const passwordEnv = input.passwordEnv?.trim() || undefined;
      const config = parsePostgresInput(input.url, passwordEnv);
      if (input.statementTimeoutMs !== undefined) {
        if (!Number.isInteger(input.statementTimeoutMs) || input.statementTimeoutMs <= 0) {
          throw new AppError('INVALID_INPUT', 'The statement timeout must be a whole number of milliseconds above 0.', { field: 'statementTimeoutMs' });
        }
        return { ...config, statementTimeoutMs: input.statementTimeoutMs };
      }
      return config;
    }
    case 'mongodb': {
      if (typeof input.url !== 'string') throw new AppError('INVALID_INPUT', 'Give a MongoDB URL: mongodb://user@host:27017/database.', { field: 'url' });
      return parseMongoInput(input);
    }
    case 'files': {
      if (typeof input.path !== 'string' || input.path.trim() === '') {
        throw new AppError('INVALID_INPUT', 'Give the path of a CSV, Parquet or XLSX file, or of a folder of them.', { field: 'path' });
      }
      const parsed = filesConfigSchema.safeParse({ engine: 'files', path: resolve(cwd, input.path.trim()), ...(input.types ? { types: input.types } : {}) });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const what = issue?.path[0] === 'types' ? `type override "${issue.path.slice(1).join('.')}"` : issue?.path.join('.') || 'path';
        throw new AppError('INVALID_INPUT', `Invalid files connection: ${what}. Write overrides as {"table.column": "number"}; the types are number, text, boolean, date, timestamp.`, { field: 'types' });
      }
      return parsed.data;
    }
    case 'mysql': {
      if (typeof input.url !== 'string') throw new AppError('INVALID_INPUT', 'Give a MySQL/MariaDB URL: mysql://user@host:3306/database.', { field: 'url' });
      if (input.statementTimeoutMs !== undefined && (!Number.isInteger(input.statementTimeoutMs) || input.statementTimeoutMs <= 0)) {
        throw new AppError('INVALID_INPUT', 'The statement timeout must be a whole number of milliseconds above 0.', { field: 'statementTimeoutMs' });
      }
      return parseMysqlInput(input.url, input.passwordEnv, input.statementTimeoutMs);
    }
    default: {
      const unknown: never = input;
      throw new AppError('INVALID_INPUT', `Unknown source engine ${JSON.stringify((unknown as { engine?: unknown } | null)?.engine)}: use sqlite or postgres.`);
    }
  }
}
