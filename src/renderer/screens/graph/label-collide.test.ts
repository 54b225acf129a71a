import { forceManyBody, forceSimulation, forceX, forceY } from 'd3';
import { describe, expect, it } from 'vitest';
import type { LayoutNode } from './graph-layout.js';
import { countLabelOverlaps, forceLabelCollide, labelText, nodeBox, overlap } from './label-collide.js';

function node(id: string, kind: LayoutNode['kind'], label: string, x: number, y: number): LayoutNode {
  return { id, kind, label, radius: kind === 'column' ? 4 : 10, degree: 1, node: { id, kind, label }, x, y };
}

/** A crowd: eight long rule titles, two tables and columns, all started within a few pixels. */
function crowd(): LayoutNode[] {
  const nodes: LayoutNode[] = [];
  for (let i = 0; i < 8; i++) nodes.push(node(`rule:${i}`, 'rule', `Expenses over $${i}5 need a receipt and approval`, 300 + i, 200 + (i % 3)));
  nodes.push(node('table:a', 'table', 'expenses', 302, 201), node('table:b', 'table', 'employees', 304, 199));
  for (let i = 0; i < 6; i++) nodes.push(node(`column:${i}`, 'column', `expenses.c${i}`, 301 + i, 202));
  return nodes;
}

function settle(nodes: LayoutNode[], withLabels: boolean): void {
  const sim = forceSimulation<LayoutNode>(nodes)
    .force('charge', forceManyBody<LayoutNode>().strength(-30))
    .force('x', forceX<LayoutNode>(300).strength(0.05))
    .force('y', forceY<LayoutNode>(200).strength(0.05))
    .stop();
  if (withLabels) sim.force('labels', forceLabelCollide());
  for (let i = 0; i < 300; i++) sim.tick();
}

describe('label boxes', () => {
  it('cuts long labels and gives columns none', () => {
    expect(labelText({ kind: 'rule', label: 'x'.repeat(50) })).toHaveLength(34);
    expect(labelText({ kind: 'rule', label: 'short' })).toBe('short');
    expect(labelText({ kind: 'column', label: 'expenses.amount' })).toBeNull();
  });

  it('covers the label to the right of the shape', () => {
    const box = nodeBox({ kind: 'rule', label: 'Ten chars!', radius: 10 }, 100, 50);
    expect(box.left).toBe(90);
    expect(box.right).toBeGreaterThan(100 + 10 + 50);
    expect(box.bottom - box.top).toBe(20);
    const column = nodeBox({ kind: 'column', label: 'long column name here', radius: 4 }, 0, 0);
    expect(column.right).toBe(4);
  });

  it('finds overlap only when both axes overlap', () => {
    expect(overlap({ left: 0, right: 10, top: 0, bottom: 10 }, { left: 5, right: 15, top: 5, bottom: 15 })).toEqual({ x: 5, y: 5 });
    expect(overlap({ left: 0, right: 10, top: 0, bottom: 10 }, { left: 5, right: 15, top: 11, bottom: 15 })).toBeNull();
  });
});

describe('forceLabelCollide', () => {
  it('leaves a crowd that overlaps without it with no label over another node', () => {
    const without = crowd();
    settle(without, false);
    expect(countLabelOverlaps(without)).toBeGreaterThan(5);

    const withForce = crowd();
    settle(withForce, true);
    expect(countLabelOverlaps(withForce)).toBe(0);
  });

  it('is deterministic for the same start', () => {
    const a = crowd();
    const b = crowd();
    settle(a, true);
    settle(b, true);
    expect(a.map((n) => [n.x, n.y])).toEqual(b.map((n) => [n.x, n.y]));
  });
});
