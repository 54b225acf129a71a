import { describe, expect, it } from 'vitest';
import type { Expr } from '../../../shared/rule-ast.js';
import { exprChildren } from './expr-children.js';
import { parseExpression } from './parser.js';

describe('exprChildren', () => {
  it('gives the direct sub-expressions in reading order', () => {
    const kinds = (e: Expr) => exprChildren(e).map((c) => c.kind);
    expect(kinds(parseExpression('a BETWEEN 1 AND b'))).toEqual(['column', 'number', 'column']);
    expect(kinds(parseExpression("x IN (1, 'a', NULL)"))).toEqual(['column', 'number', 'string', 'null']);
    expect(kinds(parseExpression("name MATCHES '^a'"))).toEqual(['column', 'string']);
    expect(kinds(parseExpression('coalesce(a, 0) > -b'))).toEqual(['call', 'negate']);
    expect(kinds(parseExpression('count(*) > 1'))).toEqual(['aggregate', 'number']);
    expect(exprChildren(parseExpression('a'))).toEqual([]);
  });

  it('reaches every leaf of a nested expression', () => {
    const leaves = (e: Expr): string[] => {
      const children = exprChildren(e);
      if (children.length === 0) return [e.kind === 'column' ? e.name : e.kind];
      return children.flatMap(leaves);
    };
    expect(leaves(parseExpression('NOT (a + b > c OR d IS NULL) AND sum(e) < 3'))).toEqual(['a', 'b', 'c', 'd', 'e', 'number']);
  });
});
