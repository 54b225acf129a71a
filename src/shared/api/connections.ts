import type { SourceSchema } from '../schema.js';

export type Engine = 'sqlite' | 'postgres';

/** What a user types to add a source. A password never travels here: it is read from an environment variable. */
export type ConnectionInput =
  | { engine: 'sqlite'; path: string }
  | { engine: 'postgres'; url: string; passwordEnv?: string; statementTimeoutMs?: number };

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
