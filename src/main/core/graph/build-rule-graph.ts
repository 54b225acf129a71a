import type { GraphEdge, GraphNode, RuleGraph } from '../../../shared/api/graph.js';
import type { Rule } from '../../../shared/rule.js';
import { findCycles, topologicalOrder } from './cycles.js';
import { compareEdges, dependsOnEdge, hasColumnEdge, readsEdge, sameFieldsEdge } from './graph-edges.js';
import { compareNodes } from './graph-nodes.js';
import { fieldReads, ruleFootprint, type ReadRole, type RuleFootprint } from './rule-footprint.js';

/** Column id → label of the columns a rule reads in one of `roles`. */
function readsIn(footprint: RuleFootprint, roles: readonly ReadRole[]): Map<string, string> {
  return new Map(
    footprint.columns.filter((c) => c.roles.some((r) => roles.includes(r))).map((c) => [c.node.id, c.node.label]),
  );
}

function shared(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...a].filter(([id]) => b.has(id)).map(([, label]) => label);
}

/**
 * The whole graph from scratch: every rule (drafts too), the tables and columns they read, and the
 * links between rules. Two rules are linked by `same-fields` when they read a common column outside
 * their keys (every rule on a table shares its key, which says nothing), and by `depends-on` when one
 * rule's scope reads a column another rule checks. A later rule with an id already seen replaces it.
 */
export function buildRuleGraph(rules: readonly Rule[]): RuleGraph {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const footprints = [...byId.values()].map(ruleFootprint);
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const add = (edge: GraphEdge): void => void edges.set(edge.id, edge);

  for (const fp of footprints) {
    nodes.set(fp.rule.id, fp.rule);
    for (const table of fp.tables) nodes.set(table.id, table);
    for (const read of fp.columns) {
      nodes.set(read.node.id, read.node);
      add(readsEdge(fp.rule, read));
      add(hasColumnEdge(read));
    }
  }

  const fields = footprints.map((fp) => new Map(fieldReads(fp).map((c) => [c.node.id, c.node.label])));
  const scopes = footprints.map((fp) => readsIn(fp, ['scope']));
  const checks = footprints.map((fp) => readsIn(fp, ['check']));
  footprints.forEach((a, i) => {
    footprints.forEach((b, j) => {
      if (i === j) return;
      const common = shared(fields[i]!, fields[j]!);
      if (i < j && common.length > 0) add(sameFieldsEdge(a.rule.id, b.rule.id, common));
      const dependsOn = shared(scopes[i]!, checks[j]!);
      if (dependsOn.length > 0) add(dependsOnEdge(a.rule.id, { id: b.rule.id, ruleId: b.rule.ruleId! }, dependsOn));
    });
  });

  const edgeList = [...edges.values()].sort(compareEdges);
  return {
    nodes: [...nodes.values()].sort(compareNodes),
    edges: edgeList,
    cycles: findCycles(
      footprints.map((fp) => fp.rule.id),
      edgeList.filter((e) => e.kind === 'depends-on'),
    ),
    revision: 0,
  };
}

/**
 * The rule ids in an order where every rule comes after the rules whose checks its scope reads,
 * ties broken by id; null when the `depends-on` edges form a cycle.
 */
export function dependencyOrder(graph: RuleGraph): string[] | null {
  const rules = graph.nodes.filter((n) => n.kind === 'rule');
  const order = topologicalOrder(
    rules.map((n) => n.id),
    graph.edges.filter((e) => e.kind === 'depends-on'),
  );
  if (order === null) return null;
  const ruleIdOf = new Map(rules.map((n) => [n.id, n.ruleId!]));
  return order.map((id) => ruleIdOf.get(id)!);
}
