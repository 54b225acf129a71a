/**
 * The whole core API on a throw-away workspace, for tests of any slice: a real workspace file, a
 * real SQLite source registered as a connection (the shop database or a small demo database), its
 * rules imported, and every event the core emits recorded in order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Api, ApiEvent, ApiEventListener } from '../src/shared/api.js';
import type { ApiContext } from '../src/main/core/api/api-context.js';
import { createCoreApi } from '../src/main/core/api/create-core-api.js';
import { DEMO_RULES_PATH } from '../src/main/core/demo/build-demo.js';
import { generateDemoDatabase, type DemoSize } from '../src/main/core/demo/demo-data.js';
import type { PolicyExtractors } from '../src/main/core/policies/import-policy.js';
import { defaultExtractors } from '../src/main/core/policies/policy-extractors.js';
import { importRules } from '../src/main/core/rules/import-rules.js';
import { parseRuleFile } from '../src/main/core/rules/rule-file.js';
import { openSource } from '../src/main/core/sources/open-source.js';
import type { Clock } from '../src/main/core/workspace/clock.js';
import { createWorkspace } from '../src/main/core/workspace/open-workspace.js';
import { steppingClock, tempDir } from '../src/main/core/workspace/test-workspace.js';
import type { Workspace } from '../src/main/core/workspace/workspace.js';
import { createShopDatabase, SHOP_RULES } from './cli-harness.js';

export interface TestApiOptions {
  /** `shop` (default): connection `shop`, 5 orders, known problems (see createShopDatabase). `demo`: connection `demo`, a small generated company. */
  source?: 'shop' | 'demo';
  /** How the source's rules are imported: `active` (default), `draft`, or `none`. */
  rules?: 'active' | 'draft' | 'none';
  /** Rows of the demo database; small by default so tests stay fast. */
  demoSize?: DemoSize;
  extractors?: PolicyExtractors;
  actor?: string;
  host?: 'electron' | 'web';
  env?: NodeJS.ProcessEnv;
  /** Defaults to a clock stepping one second per call from 2024-01-01T00:00:00Z. */
  clock?: Clock;
}

export interface TestApi {
  api: Api & { dispose(): Promise<void> };
  /** Every event emitted so far, oldest first. */
  events: ApiEvent[];
  ws: Workspace;
  ctx: ApiContext;
  /** The temp folder holding the workspace and the source database. */
  dir: string;
  /** The registered connection's name and its SQLite file. */
  connection: string;
  sourcePath: string;
  /** Resolves with the first event (already recorded or still to come) that matches; rejects after `timeoutMs`. */
  waitForEvent<E extends ApiEvent>(match: (event: ApiEvent) => event is E, timeoutMs?: number): Promise<E>;
  waitForEvent(match: (event: ApiEvent) => boolean, timeoutMs?: number): Promise<ApiEvent>;
  /** Stops running scans and imports, closes the workspace and removes the folder. */
  close(): Promise<void>;
}

export const SMALL_DEMO: DemoSize = { employees: 60, vendors: 30, expenses: 600 };

export async function createTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const { dir, cleanup } = tempDir();
  const kind = options.source ?? 'shop';
  const connection = kind;
  const sourcePath = join(dir, `${kind}.sqlite`);
  if (kind === 'shop') createShopDatabase(sourcePath);
  else generateDemoDatabase(sourcePath, { size: options.demoSize ?? SMALL_DEMO, endDate: '2024-01-01' });

  const actor = options.actor ?? 'test:auditor';
  const env = options.env ?? {};
  const ws = createWorkspace(join(dir, 'test.psw'), { clock: options.clock ?? steppingClock() });
  const open: ApiContext['openSource'] = (config) => openSource(config, env);
  try {
    ws.connections.add(connection, { engine: 'sqlite', path: sourcePath }, actor);
    const ruleMode = options.rules ?? 'active';
    if (ruleMode !== 'none') {
      const text = kind === 'shop' ? SHOP_RULES : readFileSync(DEMO_RULES_PATH, 'utf8');
      await importRules(ws, parseRuleFile(text), { activate: ruleMode === 'active', actor, openSource: open, reason: 'test rules' });
    }
  } catch (error) {
    ws.close();
    cleanup();
    throw error;
  }

  const events: ApiEvent[] = [];
  const listeners = new Set<ApiEventListener>();
  const ctx: ApiContext = {
    ws,
    actor,
    host: options.host ?? 'web',
    env,
    openSource: open,
    extractors: options.extractors ?? defaultExtractors,
    emit(event) {
      events.push(event);
      for (const listener of [...listeners]) listener(event);
    },
    nextScheduledScan: () => null,
  };
  const core = createCoreApi(ctx);
  const api: Api & { dispose(): Promise<void> } = {
    ...core,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  function waitForEvent(match: (event: ApiEvent) => boolean, timeoutMs = 10_000): Promise<ApiEvent> {
    const seen = events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`No matching event within ${timeoutMs} ms; got: ${events.map((e) => e.type).join(', ') || 'none'}`));
      }, timeoutMs);
      const unsubscribe = api.onEvent((event) => {
        if (!match(event)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(event);
      });
    });
  }

  let closed = false;
  return {
    api,
    events,
    ws,
    ctx,
    dir,
    connection,
    sourcePath,
    waitForEvent: waitForEvent as TestApi['waitForEvent'],
    async close() {
      if (closed) return;
      closed = true;
      await core.dispose();
      ws.close();
      cleanup();
    },
  };
}

/** Narrowing helper: `waitForEvent(isEvent('scan.finished'))`. */
export function isEvent<T extends ApiEvent['type']>(type: T): (event: ApiEvent) => event is Extract<ApiEvent, { type: T }> {
  return (event): event is Extract<ApiEvent, { type: T }> => event.type === type;
}
