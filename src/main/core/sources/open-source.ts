/**
 * Opens the source a connection config describes. Secrets come from the environment at open
 * time and are never written anywhere.
 */
import { AppError } from '../../../shared/errors.js';
import type { ConnectionConfig } from './connection-config.js';
import { openPostgresSource } from './postgres-source.js';
import type { Source } from './source.js';
import { openSqliteSource } from './sqlite-source.js';

export async function openSource(config: ConnectionConfig, env: NodeJS.ProcessEnv = process.env): Promise<Source> {
  switch (config.engine) {
    case 'sqlite':
      return openSqliteSource(config.path);
    case 'postgres': {
      let password: string | undefined;
      if (config.passwordEnv !== undefined) {
        password = env[config.passwordEnv];
        if (password === undefined) {
          throw new AppError(
            'INVALID_INPUT',
            `The connection takes its password from the environment variable ${config.passwordEnv}, which is not set. Set it before running (for example: export ${config.passwordEnv}=...).`,
            { passwordEnv: config.passwordEnv },
          );
        }
      }
      const source = openPostgresSource(config, { password });
      try {
        await source.connect();
      } catch (error) {
        await source.close();
        throw error;
      }
      return source;
    }
    default: {
      const unreachable: never = config;
      throw new AppError('INVALID_INPUT', `Unknown source engine in ${JSON.stringify(unreachable)}.`);
    }
  }
}
