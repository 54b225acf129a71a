export interface WorkspaceInfo {
  path: string;
  fileName: string;
  schemaVersion: number;
  /** Who the actions of this window are recorded as. */
  actor: string;
  host: 'electron' | 'web';
  counts: { connections: number; rules: number; activeRules: number; openViolations: number; policies: number; runs: number };
}

export interface WorkspaceApi {
  getWorkspace(args: Record<string, never>): Promise<WorkspaceInfo>;
}
