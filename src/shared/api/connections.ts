import type { SourceSchema } from '../schema.js';

export type Engine = 'sqlite' | 'postgres' | 'mongodb' | 'files' | 'mysql';

/** What a user types to add a source. A password never travels here: it is read from an environment variable. */
export type ConnectionInput =
  | { engine: 'sqlite'; path: string }
  | { engine: 'postgres'; url: string; passwordEnv?: string; statementTimeoutMs?: number }
  | { engine: 'mongodb'; url: string; database?: string; passwordEnv?: string; sampleSize?: number }
  /** A CSV, Parquet or XLSX file, or a folder of them; `types` overrides inferred column types (`table.column`). */
  | { engine: 'files'; path: string; types?: Record<string, 'number' | 'text' | 'boolean' | 'date' | 'timestamp'> }
  /** MySQL or MariaDB: mysql://user@host:3306/database; the password comes from `passwordEnv`. */
  | { engine: 'mysql'; url: string; passwordEnv?: string; statementTimeoutMs?: number };

export interface ConnectionSummary {
  id: string;
  name: string;
  engine: Engine;
  /** Where it points, without secrets. */
  description: string;
  createdAt: string;
  /** Rules that target it (any status). */
  ruleCount: number;
}

export interface ConnectionTestResult {
  tables: number;
  latencyMs: number;
}

export interface ConnectionsApi {
  listConnections(args: Record<string, never>): Promise<ConnectionSummary[]>;
  /** Validates the input and that the source can be opened before it is stored. */
  addConnection(args: { name: string; input: ConnectionInput }): Promise<ConnectionSummary>;
  /** Opens the source (a stored one by name, or an input not yet stored) and reads its schema. Fails with SOURCE_UNREACHABLE and what to do. */
  testConnection(args: { name: string } | { input: ConnectionInput }): Promise<ConnectionTestResult>;
  removeConnection(args: { name: string; reason?: string }): Promise<void>;
  getSchema(args: { name: string }): Promise<SourceSchema>;
}
