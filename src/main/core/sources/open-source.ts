/**
 * Opens the source a connection config describes. Secrets come from the environment at open
 * time and are never written anywhere.
 */
import { AppError } from '../../../shared/errors.js';
import type { ConnectionConfig } from './connection-config.js';
import { openFilesSource, type FilesSourceOptions } from './files-source.js';
import { openMongoSource } from './mongo/mongo-source.js';
import { openMysqlSource } from './mysql-source.js';
import { openPostgresSource } from './postgres-source.js';
import type { Source } from './source.js';
import { openSqliteSource } from './sqlite-source.js';

/** `options.cacheDir`: where converted XLSX sheets are kept; hosts pass `<workspace>.cache`. */
export async function openSource(config: ConnectionConfig, env: NodeJS.ProcessEnv = process.env, options: FilesSourceOptions = {}): Promise<Source> {
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
    case 'mongodb': {
      const password = config.passwordEnv === undefined ? undefined : env[config.passwordEnv];
      if (config.passwordEnv !== undefined && password === undefined) {
        throw new AppError('INVALID_INPUT', `The connection takes its password from the environment variable ${config.passwordEnv}, which is not set. Set it before running (for example: export ${config.passwordEnv}=...).`, { passwordEnv: config.passwordEnv });
      }
      return openMongoSource({ url: config.url, database: config.database, password, sampleSize: config.sampleSize });
    }
    case 'files':
      return openFilesSource(config, options);
    case 'mysql': {
      const password = config.passwordEnv === undefined ? undefined : env[config.passwordEnv];
      if (config.passwordEnv !== undefined && password === undefined) {
        throw new AppError('INVALID_INPUT', `The connection takes its password from the environment variable ${config.passwordEnv}, which is not set. Set it before running (for example: export ${config.passwordEnv}=...).`, { passwordEnv: config.passwordEnv });
      }
      const source = openMysqlSource(config, { password });
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
