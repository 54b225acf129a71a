import type { RuleGraph } from '../../../shared/api/graph.js';
import { createLogger } from '../logger.js';
import type { Workspace } from '../workspace/workspace.js';
import { createGraphIndex, type GraphIndex } from './graph-index.js';

const log = createLogger('graph');

interface Tracked {
  index: GraphIndex;
  /** Rule id → `version:status` as last applied; a status change keeps the version, so both count. */
  stamps: Map<string, string>;
}

/** One index per open workspace, shared by every window on it, gone with the workspace. */
const tracked = new WeakMap<Workspace, Tracked>();

interface StampRow {
  id: string;
  version: number;
  status: string;
}

function currentStamps(ws: Workspace): Map<string, string> {
  const rows = ws.db.prepare('SELECT id, version, status FROM rules').all() as StampRow[];
  return new Map(rows.map((r) => [r.id, `${r.version}:${r.status}`]));
}

/**
 * Brings the workspace's rule graph up to date with its rules table, reading in full only the
 * rules whose version or status changed since the last call (the first call reads them all).
 * Cheap when nothing changed; call it after saving a rule, or before reading the graph.
 */
export function refreshRuleGraph(ws: Workspace): { changed: boolean; revision: number } {
  let state = tracked.get(ws);
  if (!state) {
    state = { index: createGraphIndex(), stamps: new Map() };
    tracked.set(ws, state);
  }
  const stamps = currentStamps(ws);
  let changed = false;
  for (const id of state.stamps.keys()) {
    if (!stamps.has(id)) changed = state.index.remove(id) || changed;
  }
  const stale = [...stamps].filter(([id, stamp]) => state.stamps.get(id) !== stamp).map(([id]) => id);
  const rules = stale.length > 50 ? ws.rules.list() : stale.map((id) => ws.rules.get(id));
  const wanted = new Set(stale);
  for (const rule of rules) {
    if (rule && wanted.has(rule.id)) changed = state.index.update(rule) || changed;
  }
  state.stamps = stamps;
  if (stale.length > 0) log.debug('rule graph refreshed', { rules: stale.length, revision: state.index.revision });
  return { changed, revision: state.index.revision };
}

/** The workspace's rule graph, refreshed first so a rule saved by another window shows up. */
export function workspaceRuleGraph(ws: Workspace): RuleGraph {
  refreshRuleGraph(ws);
  return tracked.get(ws)!.index.graph();
}
