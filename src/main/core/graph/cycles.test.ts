import { describe, expect, it } from 'vitest';
import { findCycles, topologicalOrder } from './cycles.js';

const edges = (...pairs: Array<[string, string]>) => pairs.map(([source, target]) => ({ source, target }));

describe('findCycles', () => {
  it('reports each knot once, walked from its smallest id along the edges', () => {
    const cycles = findCycles(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      edges(['c', 'b'], ['b', 'a'], ['a', 'c'], ['d', 'e'], ['e', 'd'], ['c', 'd'], ['f', 'g']),
    );
    expect(cycles).toEqual([
      ['a', 'c', 'b'],
      ['d', 'e'],
    ]);
  });

  it('reports a self-loop, and nothing for a chain', () => {
    expect(findCycles(['x', 'y'], edges(['y', 'y'], ['x', 'y']))).toEqual([['y']]);
    expect(findCycles(['x', 'y', 'z'], edges(['x', 'y'], ['y', 'z'], ['x', 'z']))).toEqual([]);
  });

  it('gives one component for two cycles sharing a node', () => {
    expect(findCycles(['m', 'n', 'o'], edges(['m', 'n'], ['n', 'm'], ['n', 'o'], ['o', 'n']))).toEqual([['m', 'n', 'o']]);
  });
});

describe('topologicalOrder', () => {
  it('puts every target before its source, ties by id', () => {
    expect(topologicalOrder(['a', 'b', 'c', 'd'], edges(['a', 'c'], ['b', 'c'], ['c', 'd']))).toEqual(['d', 'c', 'a', 'b']);
  });

  it('is null when there is a cycle', () => {
    expect(topologicalOrder(['a', 'b'], edges(['a', 'b'], ['b', 'a']))).toBeNull();
  });
});
