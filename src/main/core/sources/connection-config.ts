/**
 * How a source is reached. This is what the workspace stores, so it never holds a secret:
 * a PostgreSQL password lives in an environment variable named by `passwordEnv`.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';

export const PASSWORD_IN_URL_MESSAGE =
  'The URL contains a password. Remove it and pass it with --password-env VAR so it never lands in the workspace file.';

const postgresUrlPattern = /^postgres(ql)?:\/\//i;

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True when the URL carries a secret, in the authority (`user:pw@`) or as a `password=` parameter. */
export function urlHasPassword(url: string): boolean {
  const parsed = parseUrl(url);
  if (!parsed) return /:[^/@]*@/.test(url) || /[?&]password=/i.test(url);
  return parsed.password !== '' || parsed.searchParams.has('password');
}

export const sqliteConfigSchema = z.object({
  engine: z.literal('sqlite'),
  path: z.string().min(1),
});

export const postgresConfigSchema = z.object({
  engine: z.literal('postgres'),
  url: z
    .string()
    .regex(postgresUrlPattern, 'must start with postgres:// or postgresql://')
    .refine((url) => parseUrl(url) !== null, 'is not a valid URL')
    .refine((url) => !urlHasPassword(url), PASSWORD_IN_URL_MESSAGE),
  passwordEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
    .optional(),
  statementTimeoutMs: z.number().int().positive().optional(),
});

export const mongoConfigSchema = z.object({
  engine: z.literal('mongodb'),
  url: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//i, 'must start with mongodb:// or mongodb+srv://')
    .refine((url) => !urlHasPassword(url), PASSWORD_IN_URL_MESSAGE),
  database: z.string().min(1).optional(),
  passwordEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
    .optional(),
  sampleSize: z.number().int().positive().optional(),
});

export const filesConfigSchema = z.object({
  engine: z.literal('files'),
  /** A CSV, Parquet or XLSX file, or a folder of them. */
  path: z.string().min(1),
  /** Type overrides, `table.column` → type. */
  types: z.record(z.string().regex(/^[^.]+\..+$/, 'must be table.column'), z.enum(['number', 'text', 'boolean', 'date', 'timestamp'])).optional(),
});

export const mysqlConfigSchema = z.object({
  engine: z.literal('mysql'),
  url: z
    .string()
    .regex(/^(mysql|mariadb):\/\//i, 'must start with mysql:// or mariadb://')
    .refine((url) => parseUrl(url) !== null, 'is not a valid URL')
    .refine((url) => !urlHasPassword(url), PASSWORD_IN_URL_MESSAGE)
    .refine((url) => (parseUrl(url)?.pathname ?? '').replace(/^\//, '') !== '', 'must name the database: mysql://user@host:3306/database'),
  passwordEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
    .optional(),
  statementTimeoutMs: z.number().int().positive().optional(),
});

export const connectionConfigSchema = z.discriminatedUnion('engine', [sqliteConfigSchema, postgresConfigSchema, mongoConfigSchema, filesConfigSchema, mysqlConfigSchema]);

export type SqliteConfig = z.infer<typeof sqliteConfigSchema>;
export type PostgresConfig = z.infer<typeof postgresConfigSchema>;
export type MongoConfig = z.infer<typeof mongoConfigSchema>;
export type FilesConfig = z.infer<typeof filesConfigSchema>;
export type MysqlConfig = z.infer<typeof mysqlConfigSchema>;
export type ConnectionConfig = z.infer<typeof connectionConfigSchema>;

/** Checks a PostgreSQL URL typed by a user; a URL with a password is refused, never stored. */
export function parsePostgresInput(url: string, passwordEnv?: string): PostgresConfig {
  const trimmed = url.trim();
  if (!postgresUrlPattern.test(trimmed) || parseUrl(trimmed) === null) {
    throw new AppError(
      'INVALID_INPUT',
      `Not a PostgreSQL URL: expected postgres://user@host:port/database (got "${describeUrl(trimmed)}").`,
    );
  }
  if (urlHasPassword(trimmed)) throw new AppError('INVALID_INPUT', PASSWORD_IN_URL_MESSAGE);
  const parsed = postgresConfigSchema.safeParse({ engine: 'postgres', url: trimmed, passwordEnv });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('INVALID_INPUT', `Invalid PostgreSQL connection: ${issue?.path.join('.') || 'url'} ${issue?.message ?? ''}`.trim());
  }
  return parsed.data;
}

/** Checks a MongoDB URL typed by a user; a URL with a password is refused, never stored. */
export function parseMongoInput(input: { url: string; database?: string; passwordEnv?: string; sampleSize?: number }): MongoConfig {
  const url = input.url.trim();
  if (urlHasPassword(url)) throw new AppError('INVALID_INPUT', PASSWORD_IN_URL_MESSAGE);
  const parsed = mongoConfigSchema.safeParse({
    engine: 'mongodb',
    url,
    ...(input.database?.trim() ? { database: input.database.trim() } : {}),
    ...(input.passwordEnv?.trim() ? { passwordEnv: input.passwordEnv.trim() } : {}),
    ...(input.sampleSize !== undefined ? { sampleSize: input.sampleSize } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('INVALID_INPUT', `Invalid MongoDB connection: ${issue?.path.join('.') || 'url'} ${issue?.message ?? ''} (expected mongodb://user@host:27017/database).`.trim());
  }
  return parsed.data;
}

/** Checks a MySQL/MariaDB URL typed by a user; a URL with a password is refused, never stored. */
export function parseMysqlInput(url: string, passwordEnv?: string, statementTimeoutMs?: number): MysqlConfig {
  const trimmed = url.trim();
  if (urlHasPassword(trimmed)) throw new AppError('INVALID_INPUT', PASSWORD_IN_URL_MESSAGE);
  const parsed = mysqlConfigSchema.safeParse({
    engine: 'mysql',
    url: trimmed,
    ...(passwordEnv?.trim() ? { passwordEnv: passwordEnv.trim() } : {}),
    ...(statementTimeoutMs !== undefined ? { statementTimeoutMs } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'INVALID_INPUT',
      `Invalid MySQL/MariaDB connection: ${issue?.path.join('.') || 'url'} ${issue?.message ?? ''} (expected mysql://user@host:3306/database, got "${describeUrl(trimmed)}").`,
    );
  }
  return parsed.data;
}

/** A URL with any password replaced, safe to show or log. */
function describeUrl(url: string): string {
  const parsed = parseUrl(url);
  if (!parsed) return url.replace(/:[^/@]*@/, ':***@');
  if (parsed.password) parsed.password = '***';
  if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
  return parsed.toString();
}

/** A one-line description for lists and logs, without secrets. */
export function describeConnection(config: ConnectionConfig): string {
  switch (config.engine) {
    case 'sqlite':
      return `SQLite ${config.path}`;
    case 'postgres': {
      const base = `PostgreSQL ${describeUrl(config.url)}`;
      return config.passwordEnv ? `${base} (password from $${config.passwordEnv})` : base;
    }
    case 'mongodb': {
      const base = `MongoDB ${describeUrl(config.url)}${config.database ? ` database ${config.database}` : ''}`;
      return config.passwordEnv ? `${base} (password from $${config.passwordEnv})` : base;
    }
    case 'files': {
      const overrides = Object.keys(config.types ?? {}).length;
      return overrides > 0 ? `Files ${config.path} (${overrides} type override${overrides === 1 ? '' : 's'})` : `Files ${config.path}`;
    }
    case 'mysql': {
      const base = `MySQL/MariaDB ${describeUrl(config.url)}`;
      return config.passwordEnv ? `${base} (password from $${config.passwordEnv})` : base;
    }
    default: {
      const unreachable: never = config;
      throw new Error(`Unknown engine: ${JSON.stringify(unreachable)}`);
    }
  }
}
