import type Database from 'better-sqlite3';
import type { AuditLog } from '../audit/audit-log.js';
import type { ConnectionsRepo } from './connections-repo.js';
import type { RulesRepo } from './rules-repo.js';
import type { RunsRepo } from './runs-repo.js';
import type { SettingsRepo } from './settings-repo.js';
import type { ViolationsRepo } from './violations-repo.js';
import type { PoliciesRepo } from './policies-repo.js';
import type { JobsRepo } from './jobs-repo.js';
import type { Clock } from './clock.js';

/** An open workspace file: the connection and one repository per aggregate. */
export interface Workspace {
  readonly path: string;
  readonly db: Database.Database;
  /** The clock every timestamp of this workspace comes from. */
  readonly now: Clock;
  readonly audit: AuditLog;
  readonly connections: ConnectionsRepo;
  readonly rules: RulesRepo;
  readonly runs: RunsRepo;
  readonly settings: SettingsRepo;
  readonly violations: ViolationsRepo;
  readonly policies: PoliciesRepo;
  /** Monitoring jobs and their executions. */
  readonly jobs: JobsRepo;
  /** Idempotent. */
  close(): void;
}
