import type { GraphEdge, GraphEdgeKind, GraphNode, GraphNodeKind, RuleGraph } from '../../../shared/api/graph.js';

/** A node as the canvas draws it; d3-force adds and moves `x`/`y`. */
export interface LayoutNode {
  id: string;
  kind: GraphNodeKind;
  label: string;
  radius: number;
  degree: number;
  node: GraphNode;
  x?: number;
  y?: number;
  vx?: number;
  vy?: number;
  fx?: number | null;
  fy?: number | null;
}

export interface LayoutLink {
  id: string;
  source: string;
  target: string;
  kind: GraphEdgeKind;
  reason: string;
  inCycle: boolean;
}

export interface PreparedGraph {
  nodes: LayoutNode[];
  links: LayoutLink[];
  /** Each cycle in words, by rule id: `a → b → a`. */
  cycles: string[];
}

export interface PrepareOptions {
  /** Leave column nodes out: rules then link straight to the tables they read. */
  hideColumns: boolean;
}

const BASE_RADIUS: Record<GraphNodeKind, number> = { rule: 9, table: 11, column: 4 };
const MAX_GROWTH: Record<GraphNodeKind, number> = { rule: 9, table: 10, column: 3 };

/** Bigger for nodes with more edges, within a bound so a hub never hides its neighbours. */
export function nodeRadius(kind: GraphNodeKind, degree: number): number {
  return BASE_RADIUS[kind] + Math.min(MAX_GROWTH[kind], Math.sqrt(degree) * 1.6);
}

/** The closed walk of each cycle as consecutive pairs (`a→b`, `b→c`, `c→a`). */
function cyclePairs(cycles: string[][]): Set<string> {
  const pairs = new Set<string>();
  for (const raw of cycles) {
    const cycle = raw.length > 1 && raw[0] === raw[raw.length - 1] ? raw.slice(0, -1) : raw;
    cycle.forEach((from, i) => {
      const to = cycle[(i + 1) % cycle.length]!;
      pairs.add(`${from}\u0000${to}`);
    });
  }
  return pairs;
}

/** The ids of the `depends-on` edges that lie on a cycle. */
export function cycleEdgeIds(graph: Pick<RuleGraph, 'edges' | 'cycles'>): Set<string> {
  const pairs = cyclePairs(graph.cycles);
  const ids = new Set<string>();
  for (const edge of graph.edges) {
    if (edge.kind !== 'depends-on') continue;
    // Either direction: a reversed edge between two nodes of a cycle closes a cycle of its own.
    if (pairs.has(`${edge.source}\u0000${edge.target}`) || pairs.has(`${edge.target}\u0000${edge.source}`)) ids.add(edge.id);
  }
  return ids;
}

export function cycleLabels(graph: Pick<RuleGraph, 'nodes' | 'cycles'>): string[] {
  const label = new Map(graph.nodes.map((n) => [n.id, n.ruleId ?? n.label]));
  return graph.cycles.map((raw) => {
    const cycle = raw.length > 1 && raw[0] === raw[raw.length - 1] ? raw.slice(0, -1) : raw;
    const names = cycle.map((id) => label.get(id) ?? id);
    return [...names, names[0] ?? ''].join(' → ');
  });
}

/** The table each column node belongs to, from the `has-column` edges. */
function tableOfColumn(edges: GraphEdge[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const edge of edges) if (edge.kind === 'has-column') map.set(edge.target, edge.source);
  return map;
}

/** `reads` edges from rules to columns folded into one edge per rule and table. */
function readsOfTables(graph: RuleGraph): LayoutLink[] {
  const tableOf = tableOfColumn(graph.edges);
  const labels = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const folded = new Map<string, { source: string; target: string; columns: string[] }>();
  for (const edge of graph.edges) {
    if (edge.kind !== 'reads') continue;
    const table = tableOf.get(edge.target);
    if (!table) continue;
    const key = `${edge.source}\u0000${table}`;
    const entry = folded.get(key) ?? { source: edge.source, target: table, columns: [] };
    entry.columns.push(labels.get(edge.target) ?? edge.target);
    folded.set(key, entry);
  }
  return [...folded.values()].map((e) => ({
    id: `reads:${e.source}->${e.target}`,
    source: e.source,
    target: e.target,
    kind: 'reads' as const,
    reason: `reads ${e.columns.join(', ')}`,
    inCycle: false,
  }));
}

/** Nodes and links for the force layout: sizes by degree, cycle edges marked, columns optionally folded away. */
export function prepareGraph(graph: RuleGraph, options: PrepareOptions): PreparedGraph {
  const inCycle = cycleEdgeIds(graph);
  const nodes = options.hideColumns ? graph.nodes.filter((n) => n.kind !== 'column') : graph.nodes;
  const present = new Set(nodes.map((n) => n.id));
  const links: LayoutLink[] = graph.edges
    .filter((e) => present.has(e.source) && present.has(e.target))
    .map((e) => ({ id: e.id, source: e.source, target: e.target, kind: e.kind, reason: e.reason, inCycle: inCycle.has(e.id) }));
  if (options.hideColumns) links.push(...readsOfTables(graph));
  const degree = new Map<string, number>();
  for (const link of links) {
    degree.set(link.source, (degree.get(link.source) ?? 0) + 1);
    degree.set(link.target, (degree.get(link.target) ?? 0) + 1);
  }
  return {
    nodes: nodes.map((node) => {
      const d = degree.get(node.id) ?? 0;
      return { id: node.id, kind: node.kind, label: node.label, radius: nodeRadius(node.kind, d), degree: d, node };
    }),
    links,
    cycles: cycleLabels(graph),
  };
}

/** What clicking a table lights up: the table, its columns, and every rule that reads it. */
export function tableNeighbourhood(graph: RuleGraph, tableId: string): Set<string> {
  const lit = new Set<string>([tableId]);
  const table = graph.nodes.find((n) => n.id === tableId);
  for (const edge of graph.edges) if (edge.kind === 'has-column' && edge.source === tableId) lit.add(edge.target);
  for (const edge of graph.edges) if (edge.kind === 'reads' && lit.has(edge.target)) lit.add(edge.source);
  for (const node of graph.nodes) {
    if (node.kind === 'rule' && table && node.connection === table.connection && node.table === table.table) lit.add(node.id);
  }
  return lit;
}

/** The side list: rules first, then tables, then columns, each by label. */
export function sideListOrder(nodes: LayoutNode[]): LayoutNode[] {
  const rank: Record<GraphNodeKind, number> = { rule: 0, table: 1, column: 2 };
  return [...nodes].sort((a, b) => rank[a.kind] - rank[b.kind] || a.label.localeCompare(b.label));
}
