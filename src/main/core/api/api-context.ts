import type { ApiEvent } from '../../../shared/api.js';
import type { ChooseFileArgs } from '../../../shared/api/host.js';
import type { PolicyExtractors } from '../policies/import-policy.js';
import type { ScanProgress, ScanResult } from '../scan/scan-types.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import type { Workspace } from '../workspace/workspace.js';

/** A scan as a window asks for it; the host decides where it runs. */
export interface ScanRequest {
  ruleIds?: string[];
  trigger: string;
  actor: string;
  signal: AbortSignal;
  onRunStarted(runId: number, ruleCount: number): void;
  onProgress(progress: ScanProgress): void;
}

/** What every slice of the core API is built from; each host supplies its own. */
export interface ApiContext {
  ws: Workspace;
  /** Who this window's actions are recorded as in the audit trail, e.g. `app:alice`. */
  actor: string;
  host: 'electron' | 'web';
  env: NodeJS.ProcessEnv;
  openSource(config: ConnectionConfig): Promise<Source>;
  extractors: PolicyExtractors;
  /** Sends an event to every open window. */
  emit(event: ApiEvent): void;
  /** Runs a scan off this thread (the hosts use a worker); without it scans run in-process, as tests do. */
  runScan?(request: ScanRequest): Promise<ScanResult>;
  /** When the scheduler will next scan, if one runs in this process. */
  nextScheduledScan(): string | null;
  /** Tells this process's scheduler that jobs were added or removed; why it is not running here, if it is not. */
  scheduler?: { refresh(): void; heldElsewhere(): string | null };
  /** The host's native file dialog (the desktop app); absent where paths are typed (the web host, tests). Null when cancelled. */
  chooseFile?(args: ChooseFileArgs): Promise<{ path: string } | null>;
}
