import { afterEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test-support/core-api-harness.js';
import { createGraphApi } from './graph-api.js';
import { sketchRule } from '../graph/test-rules.js';

describe('getRuleGraph', () => {
  let harness: TestApi | undefined;
  afterEach(async () => {
    await harness?.close();
  });

  it('shows the demo rules and picks up a rule saved outside this window', async () => {
    harness = await createTestApi({ source: 'demo', rules: 'draft', demoSize: { employees: 5, vendors: 5, expenses: 20 } });
    const graph = await harness.api.getRuleGraph({});
    expect(graph.nodes.filter((n) => n.kind === 'rule')).toHaveLength(8);
    expect(graph.nodes.find((n) => n.id === 'rule:split-purchases')).toMatchObject({ status: 'draft', severity: 'medium' });
    expect(graph.cycles).toEqual([]);

    // Another window on the same workspace has its own slice but the same graph.
    const other = createGraphApi(harness.ctx);
    harness.ws.rules.upsert(
      sketchRule({ id: 'zz-status', table: 'employees', connection: 'demo', when: "terminated_on IS NOT NULL", require: "status = 'terminated'" }),
      'test:auditor',
    );
    const next = await other.getRuleGraph({});
    expect(next.revision).toBe(graph.revision + 1);
    expect(next.edges.find((e) => e.id === 'depends-on:rule:expense-after-termination->rule:zz-status')).toBeUndefined();
    expect(next.edges.find((e) => e.id === 'depends-on:rule:inactive-accounts->rule:zz-status')?.reason).toBe(
      'its scope reads employees.status, which zz-status checks',
    );
    expect(next.edges.find((e) => e.id === 'depends-on:rule:zz-status->rule:expense-after-termination')?.reason).toBe(
      'its scope reads employees.terminated_on, which expense-after-termination checks',
    );
    expect(await harness.api.getRuleGraph({})).toBe(next);
  });
});
