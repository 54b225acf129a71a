import { useEffect, useRef } from 'react';
import * as d3 from 'd3';
import type { LayoutLink, LayoutNode, PreparedGraph } from './graph-layout.js';
import { forceLabelCollide, labelText, nodeBox } from './label-collide.js';

export interface EdgeInfo {
  kind: LayoutLink['kind'];
  from: string;
  to: string;
  reason: string;
  inCycle: boolean;
}

interface Props {
  graph: PreparedGraph;
  /** Changes only when the graph or the column filter changes: the layout is rebuilt then, not on every reload. */
  layoutKey: string;
  /** Nodes to keep bright (a selected table's neighbourhood); null: all. */
  highlighted: ReadonlySet<string> | null;
  focusedId: string | null;
  onActivate(node: LayoutNode): void;
  onEdgeInfo(info: EdgeInfo | null): void;
}

type SimLink = Omit<LayoutLink, 'source' | 'target'> & { source: LayoutNode; target: LayoutNode };

const LINK_DISTANCE: Record<LayoutLink['kind'], number> = { 'has-column': 34, reads: 90, 'same-fields': 140, 'depends-on': 150 };

function symbolPath(node: LayoutNode): string {
  const area = Math.PI * node.radius * node.radius;
  const type = node.kind === 'rule' ? d3.symbolCircle : node.kind === 'table' ? d3.symbolSquare : d3.symbolDiamond;
  return d3.symbol().type(type).size(area)() ?? '';
}

/** Where a link stops: at the rim of its target, so an arrow head is not hidden under the node. */
function endpoint(link: SimLink): { x: number; y: number } {
  const dx = (link.target.x ?? 0) - (link.source.x ?? 0);
  const dy = (link.target.y ?? 0) - (link.source.y ?? 0);
  const length = Math.hypot(dx, dy) || 1;
  const back = link.target.radius + 3;
  return { x: (link.target.x ?? 0) - (dx / length) * back, y: (link.target.y ?? 0) - (dy / length) * back };
}

const PARALLEL_OFFSET = 4;

/** A link's drawn segment: `x2/y2` stop at the target's rim for arrows, `tx/ty` reach its centre. */
function segment(link: SimLink): { x1: number; y1: number; x2: number; y2: number; tx: number; ty: number } {
  const sx = link.source.x ?? 0;
  const sy = link.source.y ?? 0;
  const tx = link.target.x ?? 0;
  const ty = link.target.y ?? 0;
  if (link.kind !== 'depends-on') return { x1: sx, y1: sy, x2: tx, y2: ty, tx, ty };
  const length = Math.hypot(tx - sx, ty - sy) || 1;
  const ox = (-(ty - sy) / length) * PARALLEL_OFFSET;
  const oy = ((tx - sx) / length) * PARALLEL_OFFSET;
  const end = endpoint(link);
  return { x1: sx + ox, y1: sy + oy, x2: end.x + ox, y2: end.y + oy, tx: tx + ox, ty: ty + oy };
}

/**
 * The force-directed drawing. D3 owns the SVG inside (React only gives it the element): the layout
 * is computed up front so nodes are still when shown, then dragging nudges it; zoom and pan with
 * the wheel and by dragging the background.
 */
export function GraphCanvas({ graph, layoutKey, highlighted, focusedId, onActivate, onEdgeInfo }: Props) {
  const svgRef = useRef<SVGSVGElement>(null);
  const zoomRef = useRef<d3.ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const positions = useRef(new Map<string, { x: number; y: number }>());
  const nodesRef = useRef<LayoutNode[]>([]);
  const callbacks = useRef({ onActivate, onEdgeInfo });
  callbacks.current = { onActivate, onEdgeInfo };

  useEffect(() => {
    const svgElement = svgRef.current;
    if (!svgElement) return;
    const width = svgElement.clientWidth || 900;
    const height = svgElement.clientHeight || 600;
    const svg = d3.select(svgElement);
    svg.selectAll('*').remove();
    svgElement.dataset.layout = 'pending';

    const defs = svg.append('defs');
    for (const [id, cls] of [
      ['arrow', 'arrow'],
      ['arrow-cycle', 'arrow cycle'],
    ] as const) {
      defs
        .append('marker')
        .attr('id', `graph-${id}`)
        .attr('viewBox', '0 -5 10 10')
        .attr('refX', 9)
        .attr('refY', 0)
        .attr('markerWidth', 7)
        .attr('markerHeight', 7)
        .attr('orient', 'auto')
        .append('path')
        .attr('class', cls)
        .attr('d', 'M0,-5L10,0L0,5Z');
    }

    const root = svg.append('g').attr('class', 'graph-root');
    const zoom = d3
      .zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.15, 5])
      .on('zoom', (event: d3.D3ZoomEvent<SVGSVGElement, unknown>) => {
        root.attr('transform', event.transform.toString());
        svgElement.dataset.zoom = event.transform.k.toFixed(2);
      });
    zoomRef.current = zoom;
    svg.call(zoom).on('dblclick.zoom', null);

    const previous = positions.current;
    const nodes: LayoutNode[] = graph.nodes.map((n, i) => {
      const known = previous.get(n.id);
      // New nodes start on a small spiral around the centre so the layout is the same on every load.
      const angle = i * 2.4;
      const r = 10 * Math.sqrt(i + 1);
      return { ...n, x: known?.x ?? width / 2 + r * Math.cos(angle), y: known?.y ?? height / 2 + r * Math.sin(angle) };
    });
    nodesRef.current = nodes;
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const links: SimLink[] = graph.links.flatMap((l) => {
      const source = byId.get(l.source);
      const target = byId.get(l.target);
      return source && target ? [{ ...l, source, target }] : [];
    });

    const simulation = d3
      .forceSimulation<LayoutNode>(nodes)
      .force(
        'link',
        d3
          .forceLink<LayoutNode, SimLink>(links)
          .id((n) => n.id)
          .distance((l) => LINK_DISTANCE[l.kind])
          .strength((l) => (l.kind === 'has-column' ? 0.9 : l.kind === 'same-fields' ? 0.08 : 0.35)),
      )
      .force('charge', d3.forceManyBody<LayoutNode>().strength((n) => (n.kind === 'column' ? -60 : -520)))
      .force('center', d3.forceCenter(width / 2, height / 2))
      .force('x', d3.forceX<LayoutNode>(width / 2).strength(0.04))
      .force('y', d3.forceY<LayoutNode>(height / 2).strength(0.06))
      .force('collide', d3.forceCollide<LayoutNode>((n) => n.radius + (n.kind === 'column' ? 4 : 16)))
      // Round collision cannot see the labels drawn beside rules and tables: keep those apart too.
      .force('labels', forceLabelCollide())
      .stop();
    // Settle before drawing: a still picture reads better than a dance, and tests can click it.
    const ticks = nodes.length > 1500 ? 60 : nodes.length > 400 ? 150 : 300;
    const known = nodes.every((n) => previous.has(n.id));
    simulation.alpha(known ? 0.05 : 1);
    for (let i = 0; i < ticks; i++) simulation.tick();

    const linkLayer = root.append('g').attr('class', 'graph-links');
    const edge = linkLayer
      .selectAll<SVGGElement, SimLink>('g')
      .data(links, (l) => l.id)
      .join('g')
      .attr('class', (l) => `edge edge-${l.kind}${l.inCycle ? ' cycle' : ''}`)
      .attr('data-edge', (l) => l.id);
    const visible = edge
      .append('line')
      .attr('class', 'edge-line')
      .attr('marker-end', (l) => (l.kind === 'depends-on' ? `url(#graph-${l.inCycle ? 'arrow-cycle' : 'arrow'})` : null));
    const hit = edge
      .append('line')
      .attr('class', 'edge-hit')
      .attr('tabindex', (l) => (l.kind === 'depends-on' || l.kind === 'same-fields' ? 0 : null))
      .attr('role', 'img')
      .attr('aria-label', (l) => `${l.source.label} ${l.kind} ${l.target.label}: ${l.reason}`);
    hit.append('title').text((l) => `${l.kind}: ${l.reason}`);
    const info = (l: SimLink): EdgeInfo => ({ kind: l.kind, from: l.source.label, to: l.target.label, reason: l.reason, inCycle: l.inCycle });
    hit
      .on('mouseenter focus', (_event, l) => callbacks.current.onEdgeInfo(info(l)))
      .on('mouseleave blur', () => callbacks.current.onEdgeInfo(null));

    const nodeLayer = root.append('g').attr('class', 'graph-nodes');
    const node = nodeLayer
      .selectAll<SVGGElement, LayoutNode>('g')
      .data(nodes, (n) => n.id)
      .join('g')
      .attr('class', (n) => `node node-${n.kind}${n.node.status ? ` status-${n.node.status}` : ''}`)
      .attr('data-node', (n) => n.id)
      .attr('data-testid', (n) => `graph-node-${n.id}`)
      .attr('tabindex', (n) => (n.kind === 'column' ? null : -1))
      .attr('role', (n) => (n.kind === 'column' ? 'img' : 'button'))
      .attr('aria-label', (n) => (n.kind === 'rule' ? `Rule ${n.label}: open it` : n.kind === 'table' ? `Table ${n.label}: highlight its rules` : `Column ${n.label}`));
    node.append('path').attr('class', 'node-shape').attr('d', symbolPath);
    node.append('title').text((n) => `${n.kind}: ${n.label}${n.node.ruleId ? ` (${n.node.ruleId})` : ''}`);
    node
      .filter((n) => n.kind !== 'column')
      .append('text')
      .attr('class', 'node-label')
      .attr('x', (n) => n.radius + 4)
      .attr('y', 4)
      .text((n) => labelText(n) ?? '');
    node.on('click', (event: MouseEvent, n) => {
      if (event.defaultPrevented) return;
      callbacks.current.onActivate(n);
    });
    node.on('keydown', (event: KeyboardEvent, n) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        callbacks.current.onActivate(n);
      }
    });

    const draw = (): void => {
      // Two rules depending on each other would draw one line over the other: shift each
      // depends-on edge a little to its own side (opposite directions land on opposite sides).
      const ends = new Map(links.map((l) => [l.id, segment(l)]));
      for (const line of [visible, hit]) {
        line
          .attr('x1', (l) => ends.get(l.id)!.x1)
          .attr('y1', (l) => ends.get(l.id)!.y1)
          .attr('x2', (l) => (line === visible ? ends.get(l.id)!.x2 : ends.get(l.id)!.tx))
          .attr('y2', (l) => (line === visible ? ends.get(l.id)!.y2 : ends.get(l.id)!.ty));
      }
      node.attr('transform', (n) => `translate(${n.x ?? 0},${n.y ?? 0})`);
      for (const n of nodes) positions.current.set(n.id, { x: n.x ?? 0, y: n.y ?? 0 });
    };
    draw();
    simulation.on('tick', draw);

    node.call(
      d3
        .drag<SVGGElement, LayoutNode>()
        .on('start', (event: d3.D3DragEvent<SVGGElement, LayoutNode, LayoutNode>, n) => {
          if (!event.active) simulation.alphaTarget(0.2).restart();
          n.fx = n.x;
          n.fy = n.y;
        })
        .on('drag', (event: d3.D3DragEvent<SVGGElement, LayoutNode, LayoutNode>, n) => {
          n.fx = event.x;
          n.fy = event.y;
        })
        .on('end', (event: d3.D3DragEvent<SVGGElement, LayoutNode, LayoutNode>, n) => {
          if (!event.active) simulation.alphaTarget(0);
          n.fx = null;
          n.fy = null;
        }),
    );

    // Fit the whole graph in view on first show.
    if (!known && nodes.length > 0) {
      const boxes = nodes.map((n) => nodeBox(n, n.x ?? 0, n.y ?? 0));
      const [minX, maxX, minY, maxY] = [
        Math.min(...boxes.map((b) => b.left)) - 24,
        Math.max(...boxes.map((b) => b.right)) + 24,
        Math.min(...boxes.map((b) => b.top)) - 24,
        Math.max(...boxes.map((b) => b.bottom)) + 24,
      ];
      const k = Math.max(0.15, Math.min(1.1, Math.min(width / (maxX - minX), height / (maxY - minY))));
      svg.call(zoom.transform, d3.zoomIdentity.translate(width / 2, height / 2).scale(k).translate(-(minX + maxX) / 2, -(minY + maxY) / 2));
    }
    svgElement.dataset.layout = 'ready';
    return () => {
      simulation.stop();
    };
    // The layout key stands for the graph: reloads with the same revision keep the picture as it is.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layoutKey]);

  useEffect(() => {
    const svg = d3.select(svgRef.current);
    svg.selectAll<SVGGElement, LayoutNode>('g.node').classed('dim', (n) => highlighted !== null && !highlighted.has(n.id)).classed('focused', (n) => n.id === focusedId);
    svg
      .selectAll<SVGGElement, SimLink>('g.edge')
      .classed('dim', (l) => highlighted !== null && !(highlighted.has(l.source.id) && highlighted.has(l.target.id)));
  }, [highlighted, focusedId, layoutKey]);

  useEffect(() => {
    if (!focusedId || !svgRef.current || !zoomRef.current) return;
    const target = nodesRef.current.find((n) => n.id === focusedId);
    if (!target) return;
    d3.select(svgRef.current).call(zoomRef.current.translateTo, target.x ?? 0, target.y ?? 0);
    svgRef.current.querySelector<SVGGElement>(`g.node[data-node="${CSS.escape(focusedId)}"]`)?.focus();
  }, [focusedId, layoutKey]);

  return <svg ref={svgRef} className="graph-canvas" data-testid="graph-canvas" role="group" aria-label="Rule graph: drag to pan, scroll to zoom" />;
}
