import { compareIds } from './graph-nodes.js';

/** A directed edge between node ids; `depends-on` edges go from the dependent rule to the rule it depends on. */
export interface DirectedEdge {
  source: string;
  target: string;
}

function adjacency(nodes: readonly string[], edges: readonly DirectedEdge[]): Map<string, string[]> {
  const out = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const e of edges) {
    if (!out.has(e.source)) out.set(e.source, []);
    if (!out.has(e.target)) out.set(e.target, []);
    out.get(e.source)!.push(e.target);
  }
  for (const targets of out.values()) targets.sort(compareIds);
  return out;
}

/** Tarjan's strongly connected components, visiting nodes and neighbours in id order. */
function stronglyConnected(out: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;

  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of out.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      components.push(component);
    }
  };
  for (const v of [...out.keys()].sort(compareIds)) if (!index.has(v)) visit(v);
  return components;
}

/**
 * Orders a component as a walk from its smallest id, neighbours in id order: a simple cycle comes
 * out in the order its edges run; a larger knot comes out in a stable order all the same.
 */
function walkOrder(component: string[], out: Map<string, string[]>): string[] {
  const members = new Set(component);
  const seen = new Set<string>();
  const order: string[] = [];
  const walk = (v: string): void => {
    seen.add(v);
    order.push(v);
    for (const w of out.get(v)!) if (members.has(w) && !seen.has(w)) walk(w);
  };
  walk([...component].sort(compareIds)[0]!);
  return order;
}

/**
 * Every cycle: each strongly connected component of more than one node, and each node with an edge
 * to itself, as the node ids along it. Sorted by first id.
 */
export function findCycles(nodes: readonly string[], edges: readonly DirectedEdge[]): string[][] {
  const out = adjacency(nodes, edges);
  return stronglyConnected(out)
    .filter((c) => c.length > 1 || out.get(c[0]!)!.includes(c[0]!))
    .map((c) => walkOrder(c, out))
    .sort((a, b) => compareIds(a[0]!, b[0]!));
}

/**
 * The nodes with every edge's target before its source (for `depends-on`: a rule after the rules
 * whose checks its scope reads), ties broken by id; null when the edges hold a cycle.
 */
export function topologicalOrder(nodes: readonly string[], edges: readonly DirectedEdge[]): string[] | null {
  const out = adjacency(nodes, edges);
  const waitingOn = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const [source, targets] of out) {
    waitingOn.set(source, new Set(targets).size);
    for (const target of new Set(targets)) {
      const list = dependents.get(target) ?? [];
      list.push(source);
      dependents.set(target, list);
    }
  }
  const ready = [...waitingOn].filter(([, n]) => n === 0).map(([v]) => v);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort(compareIds);
    const v = ready.shift()!;
    order.push(v);
    for (const d of dependents.get(v) ?? []) {
      const left = waitingOn.get(d)! - 1;
      waitingOn.set(d, left);
      if (left === 0) ready.push(d);
    }
  }
  return order.length === out.size ? order : null;
}
