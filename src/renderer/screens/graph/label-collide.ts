import type { LayoutNode } from './graph-layout.js';

/** The drawn label is cut here: a long rule title would otherwise cross half the canvas. */
const MAX_LABEL = 34;
/** Average advance of the 11.5px UI font: close enough to keep boxes apart without measuring text. */
const CHAR_WIDTH = 6.4;
const LABEL_GAP = 4;
const HALF_LINE = 8;
/** Above this many nodes the pairwise check costs more than the layout is worth. */
const MAX_NODES = 800;

export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The text drawn beside a rule or table; columns carry no label (their name shows on hover). */
export function labelText(node: Pick<LayoutNode, 'kind' | 'label'>): string | null {
  if (node.kind === 'column') return null;
  return node.label.length > MAX_LABEL ? `${node.label.slice(0, MAX_LABEL - 1)}…` : node.label;
}

/** The area a node and its label cover around (x, y): the label sits to the right of the shape. */
export function nodeBox(node: Pick<LayoutNode, 'kind' | 'label' | 'radius'>, x: number, y: number): Box {
  const text = labelText(node);
  const half = Math.max(node.radius, text ? HALF_LINE : 0);
  const right = text ? node.radius + LABEL_GAP + text.length * CHAR_WIDTH : node.radius;
  return { left: x - node.radius, right: x + right, top: y - half, bottom: y + half };
}

export function overlap(a: Box, b: Box): { x: number; y: number } | null {
  const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return x > 0 && y > 0 ? { x, y } : null;
}

export interface LabelForce {
  (alpha?: number): void;
  initialize(nodes: LayoutNode[]): void;
}

/**
 * A d3-force compatible force that pushes apart nodes whose boxes (shape plus label) overlap,
 * along the axis where they overlap least: labels are wide and short, so neighbours mostly move
 * up or down instead of being flung sideways. Round collision (forceCollide) cannot see labels.
 */
export function forceLabelCollide(strength = 0.7, padding = 3): LabelForce {
  let nodes: LayoutNode[] = [];
  // Not scaled by alpha: overlap must still be undone when the layout has cooled down.
  const force = (() => {
    if (nodes.length > MAX_NODES) return;
    const boxes = nodes.map((n) => nodeBox(n, (n.x ?? 0) + (n.vx ?? 0), (n.y ?? 0) + (n.vy ?? 0)));
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i]!;
        const b = nodes[j]!;
        // Two unlabelled columns are kept apart by the round collision already.
        if (a.kind === 'column' && b.kind === 'column') continue;
        const hit = overlap(grow(boxes[i]!, padding), grow(boxes[j]!, padding));
        if (!hit) continue;
        const push = strength;
        if (hit.y <= hit.x) {
          const dir = centreY(boxes[i]!) <= centreY(boxes[j]!) ? -1 : 1;
          const move = (hit.y / 2) * push * dir;
          a.vy = (a.vy ?? 0) + move;
          b.vy = (b.vy ?? 0) - move;
        } else {
          const dir = centreX(boxes[i]!) <= centreX(boxes[j]!) ? -1 : 1;
          const move = (hit.x / 2) * push * dir;
          a.vx = (a.vx ?? 0) + move;
          b.vx = (b.vx ?? 0) - move;
        }
      }
    }
  }) as LabelForce;
  force.initialize = (next) => {
    nodes = next;
  };
  return force;
}

/** Pairs of labelled nodes whose boxes overlap (for tests and the readiness check). */
export function countLabelOverlaps(nodes: readonly LayoutNode[]): number {
  let count = 0;
  const boxes = nodes.map((n) => nodeBox(n, n.x ?? 0, n.y ?? 0));
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      if (nodes[i]!.kind === 'column' && nodes[j]!.kind === 'column') continue;
      if (overlap(boxes[i]!, boxes[j]!)) count++;
    }
  }
  return count;
}

const grow = (b: Box, by: number): Box => ({ left: b.left - by / 2, right: b.right + by / 2, top: b.top - by / 2, bottom: b.bottom + by / 2 });
const centreX = (b: Box): number => (b.left + b.right) / 2;
const centreY = (b: Box): number => (b.top + b.bottom) / 2;
