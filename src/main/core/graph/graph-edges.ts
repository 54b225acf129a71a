import type { GraphEdge, GraphEdgeKind, GraphNode } from '../../../shared/api/graph.js';
import type { ColumnRead, ReadRole } from './rule-footprint.js';
import { compareIds } from './graph-nodes.js';

const ROLE_WORDS: Record<ReadRole, string> = { scope: 'its scope', check: 'its check', key: 'its key' };

/** `a`, `a and b`, `a, b and c`. */
function inWords(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function edgeId(kind: GraphEdgeKind, source: string, target: string): string {
  return `${kind}:${source}->${target}`;
}

export function readsEdge(rule: GraphNode, read: ColumnRead): GraphEdge {
  return {
    id: edgeId('reads', rule.id, read.node.id),
    source: rule.id,
    target: read.node.id,
    kind: 'reads',
    reason: `reads ${read.node.label} in ${inWords(read.roles.map((r) => ROLE_WORDS[r]))}`,
    fields: [read.node.label],
  };
}

export function hasColumnEdge(read: ColumnRead): GraphEdge {
  return {
    id: edgeId('has-column', read.table.id, read.node.id),
    source: read.table.id,
    target: read.node.id,
    kind: 'has-column',
    reason: `${read.table.label} has column ${read.name}`,
  };
}

/** One edge per unordered pair, from the smaller rule node id to the larger. */
export function sameFieldsEdge(a: string, b: string, fields: string[]): GraphEdge {
  const [source, target] = compareIds(a, b) <= 0 ? [a, b] : [b, a];
  const sorted = [...fields].sort(compareIds);
  return {
    id: edgeId('same-fields', source, target),
    source,
    target,
    kind: 'same-fields',
    reason: `both read ${sorted.join(', ')}`,
    fields: sorted,
  };
}

/** `dependent`'s scope reads `fields`, which `checker` checks. */
export function dependsOnEdge(dependent: string, checker: { id: string; ruleId: string }, fields: string[]): GraphEdge {
  const sorted = [...fields].sort(compareIds);
  return {
    id: edgeId('depends-on', dependent, checker.id),
    source: dependent,
    target: checker.id,
    kind: 'depends-on',
    reason: `its scope reads ${sorted.join(', ')}, which ${checker.ruleId} checks`,
    fields: sorted,
  };
}

const KIND_ORDER: Record<GraphEdgeKind, number> = { reads: 0, 'has-column': 1, 'same-fields': 2, 'depends-on': 3 };

export function compareEdges(a: GraphEdge, b: GraphEdge): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareIds(a.id, b.id);
}
