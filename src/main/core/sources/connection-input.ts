import { resolve } from 'node:path';
import type { ConnectionInput } from '../../../shared/api/connections.js';
import { AppError } from '../../../shared/errors.js';
import { parsePostgresInput, type ConnectionConfig } from './connection-config.js';

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
    default: {
      const unknown: never = input;
      throw new AppError('INVALID_INPUT', `Unknown source engine ${JSON.stringify((unknown as { engine?: unknown } | null)?.engine)}: use sqlite or postgres.`);
    }
  }
}
