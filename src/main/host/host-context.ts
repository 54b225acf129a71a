import type { ApiContext } from '../core/api/api-context.js';
import { defaultExtractors } from '../core/policies/policy-extractors.js';
import type { PolicyExtractors } from '../core/policies/import-policy.js';
import { openSource } from '../core/sources/open-source.js';
import { runScanInWorker } from '../core/scan/run-scan-in-worker.js';
import { workspaceCacheDir } from '../core/workspace/cache-dir.js';
import { openWorkspace } from '../core/workspace/open-workspace.js';
import { appActor } from './app-actor.js';
import { createEventHub, type EventHub } from './event-hub.js';

export interface HostContextOptions {
  workspacePath: string;
  host: ApiContext['host'];
  env: NodeJS.ProcessEnv;
  /** Defaults to the real PDF reader and extractors; tests hand in fakes. */
  extractors?: PolicyExtractors;
  /** Defaults to a fresh hub; a host that switches workspaces keeps its windows subscribed to one hub. */
  events?: EventHub;
  nextScheduledScan?: () => string | null;
  scheduler?: ApiContext['scheduler'];
  /** The desktop app's file dialog; the web host has none. */
  chooseFile?: ApiContext['chooseFile'];
}

/** An ApiContext over one open workspace, plus what the host needs to deliver events and close. */
export interface HostContext extends ApiContext {
  events: EventHub;
  /** Closes the workspace; idempotent. Dispose the core API first so no scan is still writing. */
  close(): void;
}

export function createHostContext(options: HostContextOptions): HostContext {
  const { env } = options;
  const ws = openWorkspace(options.workspacePath);
  const events = options.events ?? createEventHub();
  return {
    ws,
    actor: appActor(env),
    host: options.host,
    env,
    openSource: (config) => openSource(config, env, { cacheDir: workspaceCacheDir(ws.path) }),
    extractors: options.extractors ?? defaultExtractors,
    events,
    emit: (event) => events.emit(event),
    // Scans run in a worker thread so this process keeps answering windows while one streams.
    runScan: (request) => runScanInWorker({ workspacePath: ws.path, ...request, env }),
    nextScheduledScan: options.nextScheduledScan ?? (() => null),
    scheduler: options.scheduler,
    ...(options.chooseFile ? { chooseFile: options.chooseFile } : {}),
    close: () => ws.close(),
  };
}
