import type { GraphEdge, GraphNode, RuleGraph } from '../../../shared/api/graph.js';
import type { Rule } from '../../../shared/rule.js';
import { findCycles } from './cycles.js';
import { compareEdges, dependsOnEdge, hasColumnEdge, readsEdge, sameFieldsEdge } from './graph-edges.js';
import { compareNodes, ruleNodeId } from './graph-nodes.js';
import { ruleFootprint, type ColumnRead, type ReadRole, type RuleFootprint } from './rule-footprint.js';

/**
 * The rule graph kept up to date one rule at a time. Each rule's footprint (the tables and columns it
 * reads, and where) is kept, with reverse indexes from a column to the rules reading it; a change to
 * one rule recomputes only the edges touching it, and the cycles. Equal to `buildRuleGraph` over the
 * same rules, apart from `revision`.
 */
export interface GraphIndex {
  /** Adds or replaces a rule; true when the graph changed (and `revision` went up). */
  update(rule: Rule): boolean;
  /** True when the rule was there (and `revision` went up). */
  remove(ruleId: string): boolean;
  has(ruleId: string): boolean;
  readonly revision: number;
  /** The current graph; the same object until the next change, so treat it as read-only. */
  graph(): RuleGraph;
}

interface Counted<T> {
  value: T;
  count: number;
}

interface Entry {
  footprint: RuleFootprint;
  /** The footprint as text: an update that leaves it equal changes nothing. */
  text: string;
}

/** Column id → rule node ids reading it. */
type Readers = Map<string, Set<string>>;

function addReader(readers: Readers, column: string, rule: string): void {
  const set = readers.get(column) ?? new Set<string>();
  set.add(rule);
  readers.set(column, set);
}

function removeReader(readers: Readers, column: string, rule: string): void {
  const set = readers.get(column);
  if (!set) return;
  set.delete(rule);
  if (set.size === 0) readers.delete(column);
}

function hasRole(read: ColumnRead, ...roles: ReadRole[]): boolean {
  return read.roles.some((r) => roles.includes(r));
}

export function createGraphIndex(initial: readonly Rule[] = []): GraphIndex {
  const entries = new Map<string, Entry>();
  const tables = new Map<string, Counted<GraphNode>>();
  const columns = new Map<string, Counted<ColumnRead>>();
  const fieldReaders: Readers = new Map();
  const scopeReaders: Readers = new Map();
  const checkReaders: Readers = new Map();
  /** Edges between two rules, by id, and which of them touch each rule node. */
  const pairEdges = new Map<string, GraphEdge>();
  const touching = new Map<string, Set<string>>();
  let revision = 0;
  let cached: RuleGraph | null = null;

  const count = <T>(map: Map<string, Counted<T>>, id: string, value: T, delta: 1 | -1): void => {
    const current = map.get(id);
    const next = (current?.count ?? 0) + delta;
    if (next <= 0) map.delete(id);
    else map.set(id, { value: current?.value ?? value, count: next });
  };

  const linkPair = (edge: GraphEdge): void => {
    pairEdges.set(edge.id, edge);
    for (const end of [edge.source, edge.target]) {
      const set = touching.get(end) ?? new Set<string>();
      set.add(edge.id);
      touching.set(end, set);
    }
  };

  const detach = (fp: RuleFootprint): void => {
    const self = fp.rule.id;
    for (const table of fp.tables) count(tables, table.id, table, -1);
    for (const read of fp.columns) {
      count(columns, read.node.id, read, -1);
      removeReader(fieldReaders, read.node.id, self);
      removeReader(scopeReaders, read.node.id, self);
      removeReader(checkReaders, read.node.id, self);
    }
    for (const edgeId of touching.get(self) ?? []) {
      const edge = pairEdges.get(edgeId);
      pairEdges.delete(edgeId);
      const other = edge?.source === self ? edge.target : edge?.source;
      if (other !== undefined) touching.get(other)?.delete(edgeId);
    }
    touching.delete(self);
  };

  /** Other rule node id → labels of the columns in `reads` that it reads per `readers`. */
  const overlap = (self: string, reads: ColumnRead[], readers: Readers): Map<string, string[]> => {
    const out = new Map<string, string[]>();
    for (const read of reads) {
      for (const other of readers.get(read.node.id) ?? []) {
        if (other === self) continue;
        out.set(other, [...(out.get(other) ?? []), read.node.label]);
      }
    }
    return out;
  };

  const ruleIdOf = (nodeId: string): string => entries.get(nodeId)!.footprint.rule.ruleId!;

  const attach = (fp: RuleFootprint): void => {
    const self = fp.rule.id;
    const fields = fp.columns.filter((c) => hasRole(c, 'scope', 'check'));
    const scope = fp.columns.filter((c) => hasRole(c, 'scope'));
    const check = fp.columns.filter((c) => hasRole(c, 'check'));
    for (const [other, labels] of overlap(self, fields, fieldReaders)) linkPair(sameFieldsEdge(self, other, labels));
    for (const [other, labels] of overlap(self, scope, checkReaders)) {
      linkPair(dependsOnEdge(self, { id: other, ruleId: ruleIdOf(other) }, labels));
    }
    for (const [other, labels] of overlap(self, check, scopeReaders)) {
      linkPair(dependsOnEdge(other, { id: self, ruleId: fp.rule.ruleId! }, labels));
    }
    for (const table of fp.tables) count(tables, table.id, table, 1);
    for (const read of fp.columns) {
      count(columns, read.node.id, read, 1);
      if (hasRole(read, 'scope', 'check')) addReader(fieldReaders, read.node.id, self);
      if (hasRole(read, 'scope')) addReader(scopeReaders, read.node.id, self);
      if (hasRole(read, 'check')) addReader(checkReaders, read.node.id, self);
    }
  };

  const changed = (): true => {
    revision++;
    cached = null;
    return true;
  };

  const build = (): RuleGraph => {
    const footprints = [...entries.values()].map((e) => e.footprint);
    const nodes = [
      ...footprints.map((fp) => fp.rule),
      ...[...tables.values()].map((t) => t.value),
      ...[...columns.values()].map((c) => c.value.node),
    ].sort(compareNodes);
    const edges = [
      ...footprints.flatMap((fp) => fp.columns.map((read) => readsEdge(fp.rule, read))),
      ...[...columns.values()].map((c) => hasColumnEdge(c.value)),
      ...pairEdges.values(),
    ].sort(compareEdges);
    const dependsOn = [...pairEdges.values()].filter((e) => e.kind === 'depends-on');
    return { nodes, edges, cycles: findCycles([...entries.keys()], dependsOn), revision };
  };

  const index: GraphIndex = {
    update(rule) {
      const footprint = ruleFootprint(rule);
      const text = JSON.stringify(footprint);
      const existing = entries.get(footprint.rule.id);
      if (existing?.text === text) return false;
      if (existing) detach(existing.footprint);
      // Registered first so that edges built in `attach` can name this rule.
      entries.set(footprint.rule.id, { footprint, text });
      attach(footprint);
      return changed();
    },
    remove(ruleId) {
      const existing = entries.get(ruleNodeId(ruleId));
      if (!existing) return false;
      detach(existing.footprint);
      entries.delete(existing.footprint.rule.id);
      return changed();
    },
    has: (ruleId) => entries.has(ruleNodeId(ruleId)),
    get revision() {
      return revision;
    },
    graph() {
      cached ??= build();
      return cached;
    },
  };
  for (const rule of initial) index.update(rule);
  return index;
}
