import { resolveColumn, mustResolve, type RuleScope, type ScopeColumn } from './scope.js';

/**
 * Resolves a column named in a rule's `key` or `group_by` list: a plain name first (column
 * names may contain dots), then `table.column`.
 */
export function resolveNamedColumn(scope: RuleScope, name: string): ScopeColumn {
  const plain = resolveColumn(scope, { name });
  if (plain.ok) return plain.column;
  const dot = name.indexOf('.');
  if (dot > 0) {
    const qualified = resolveColumn(scope, { table: name.slice(0, dot), name: name.slice(dot + 1) });
    if (qualified.ok) return qualified.column;
  }
  return mustResolve(scope, { name });
}
