/**
 * The one contract between the core and every window: method → args → result, and the events.
 * Each feature contributes its slice under `api/`; hosts bind the same map to a transport
 * (Electron IPC, the loopback web host) and the renderer never knows which one it talks to.
 */
import type { AuditApi } from './api/audit.js';
import type { ConnectionsApi } from './api/connections.js';
import type { DashboardApi } from './api/dashboard.js';
import type { ApiEventListener } from './api/events.js';
import type { GraphApi } from './api/graph.js';
import type { HostApi } from './api/host.js';
import type { JobsApi } from './api/jobs.js';
import type { PoliciesApi } from './api/policies.js';
import type { RulesApi } from './api/rules.js';
import type { ScansApi } from './api/scans.js';
import type { ViolationsApi } from './api/violations.js';
import type { WorkspaceApi } from './api/workspace.js';

export type ApiMethods = WorkspaceApi & DashboardApi & ConnectionsApi & RulesApi & GraphApi & ScansApi & ViolationsApi & PoliciesApi & AuditApi & JobsApi & HostApi;

export type ApiMethodName = keyof ApiMethods;
export type ApiArgs<M extends ApiMethodName> = Parameters<ApiMethods[M]>[0];
export type ApiResult<M extends ApiMethodName> = Awaited<ReturnType<ApiMethods[M]>>;

/** What a window holds: the methods plus a subscription to events. */
export interface Api extends ApiMethods {
  /** Returns the function that unsubscribes. */
  onEvent(listener: ApiEventListener): () => void;
}

/** Every method name, checked complete by the compiler: transports and hosts refuse anything else. */
const METHODS = {
  getWorkspace: true,
  getDashboard: true,
  listConnections: true,
  addConnection: true,
  testConnection: true,
  removeConnection: true,
  getSchema: true,
  listRules: true,
  getRule: true,
  checkRule: true,
  previewRule: true,
  saveRule: true,
  setRuleStatus: true,
  getRuleGraph: true,
  startScan: true,
  cancelScan: true,
  activeScan: true,
  listRuns: true,
  getRun: true,
  queryViolations: true,
  getViolation: true,
  reviewViolation: true,
  bulkReview: true,
  cancelBulkReview: true,
  listPolicies: true,
  getPolicy: true,
  importPolicy: true,
  cancelPolicyImport: true,
  acceptCandidate: true,
  rejectCandidate: true,
  listAudit: true,
  verifyAudit: true,
  listJobs: true,
  addJob: true,
  removeJob: true,
  runJobNow: true,
  jobHistory: true,
  hostInfo: true,
  chooseFile: true,
} as const satisfies Record<ApiMethodName, true>;

export const API_METHODS = Object.keys(METHODS) as ApiMethodName[];

export function isApiMethod(name: unknown): name is ApiMethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(METHODS, name);
}

export type { ApiEvent, ApiEventListener, DataKind } from './api/events.js';
