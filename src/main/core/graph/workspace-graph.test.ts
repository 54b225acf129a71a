import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../workspace/test-workspace.js';
import type { Workspace } from '../workspace/workspace.js';
import { buildRuleGraph } from './build-rule-graph.js';
import { sketchRule } from './test-rules.js';
import { refreshRuleGraph, workspaceRuleGraph } from './workspace-graph.js';

describe('workspaceRuleGraph', () => {
  let ws: Workspace;
  let dispose: () => void;
  beforeEach(() => {
    ({ ws, dispose } = tempWorkspace());
  });
  afterEach(() => dispose());

  it('follows rules saved, changed and re-statused in the workspace', () => {
    expect(workspaceRuleGraph(ws)).toMatchObject({ nodes: [], edges: [], cycles: [], revision: 0 });
    ws.rules.upsert(sketchRule({ id: 'a', when: 'amount > 75', require: 'receipt = TRUE' }), 'ann');
    ws.rules.upsert(sketchRule({ id: 'b', require: 'amount < 10000' }), 'ann');
    const first = workspaceRuleGraph(ws);
    expect(first.revision).toBe(2);
    expect(first.edges.filter((e) => e.kind === 'depends-on').map((e) => e.reason)).toEqual([
      'its scope reads expenses.amount, which b checks',
    ]);

    // Nothing changed: the same graph, no new revision.
    expect(refreshRuleGraph(ws)).toEqual({ changed: false, revision: 2 });
    expect(workspaceRuleGraph(ws)).toBe(first);

    // A status change keeps the version but shows on the node.
    ws.rules.setStatus('a', 'inactive', 'ann');
    ws.rules.upsert(sketchRule({ id: 'b', require: 'receipt = TRUE' }), 'ann');
    const second = workspaceRuleGraph(ws);
    expect(second.revision).toBe(4);
    expect(second.nodes.find((n) => n.id === 'rule:a')?.status).toBe('inactive');
    expect(second.edges.filter((e) => e.kind === 'depends-on')).toEqual([]);
    const { revision: _r, ...rest } = second;
    const { revision: _f, ...full } = buildRuleGraph(ws.rules.list());
    expect(rest).toEqual(full);
  });

  it('drops a rule that disappeared from the workspace', () => {
    ws.rules.upsert(sketchRule({ id: 'gone', require: 'amount > 0' }), 'ann');
    expect(workspaceRuleGraph(ws).nodes.some((n) => n.id === 'rule:gone')).toBe(true);
    // No repository call removes rules yet; a copied-over workspace file could lose one all the same.
    ws.db.prepare('DELETE FROM rule_versions').run();
    ws.db.prepare('DELETE FROM rules').run();
    expect(refreshRuleGraph(ws)).toEqual({ changed: true, revision: 2 });
    expect(workspaceRuleGraph(ws).nodes).toEqual([]);
  });
});
