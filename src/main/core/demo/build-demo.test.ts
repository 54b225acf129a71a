import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../workspace/test-workspace.js';
import { openSource } from '../sources/open-source.js';
import { runScan } from '../scan/run-scan.js';
import { buildDemoWorkspace } from './build-demo.js';
import { createWorkspace } from '../workspace/open-workspace.js';

describe('the demo workspace', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('builds, and every demo rule runs and finds something', async () => {
    const open = (c: Parameters<typeof openSource>[0]) => openSource(c, {});
    const demo = await buildDemoWorkspace(tmp.dir, {
      actor: 'test',
      openSource: open,
      data: { size: { employees: 300, vendors: 150, expenses: 6_000 }, endDate: '2025-06-30' },
    });
    try {
      const result = await runScan(demo.workspace, { openSource: open, asOf: '2025-06-30' });
      expect(result.run.status).toBe('completed');
      // The sample policy yields candidates mapped onto the demo tables, none of them active.
      const mapped = demo.policy.candidates.filter((c) => c.rule);
      expect(mapped.length).toBeGreaterThanOrEqual(2);
      expect(mapped.every((c) => c.rule!.target.table === 'expenses')).toBe(true);
      expect(demo.policy.candidates.every((c) => c.status === 'pending')).toBe(true);
      expect(result.rules).toHaveLength(8);
      for (const rule of result.rules) {
        expect(rule.error, rule.id).toBeNull();
        expect(rule.violationsOpen, rule.id).toBeGreaterThan(0);
        // Violations are the exception, as in real data.
        expect(rule.violationsOpen, rule.id).toBeLessThan(rule.recordsScanned * 0.2);
      }
    } finally {
      demo.workspace.close();
    }
  });

  it('generates the same data every time', async () => {
    const open = (c: Parameters<typeof openSource>[0]) => openSource(c, {});
    const counts: number[] = [];
    for (const dir of ['a', 'b']) {
      const demo = await buildDemoWorkspace(`${tmp.dir}/${dir}`, { actor: 'test', openSource: open, data: { size: { employees: 50, vendors: 20, expenses: 500 }, endDate: '2025-06-30' } });
      const result = await runScan(demo.workspace, { openSource: open, asOf: '2025-06-30' });
      counts.push(result.run.violationsOpen);
      demo.workspace.close();
    }
    expect(counts[0]).toBe(counts[1]);
  });

  it('goes to the workspace file asked for, replaces an earlier demo there, and refuses any other file', async () => {
    const open = (c: Parameters<typeof openSource>[0]) => openSource(c, {});
    const small = { size: { employees: 30, vendors: 10, expenses: 200 }, endDate: '2025-06-30' };
    const workspacePath = join(tmp.dir, 'named', 'mine.psw');
    const first = await buildDemoWorkspace(join(tmp.dir, 'named'), { actor: 'test', openSource: open, data: small, workspacePath });
    expect(first.workspacePath).toBe(workspacePath);
    first.workspace.close();
    // An earlier demo at that path is rebuilt.
    const again = await buildDemoWorkspace(join(tmp.dir, 'named'), { actor: 'test', openSource: open, data: small, workspacePath });
    expect(again.workspace.rules.list().length).toBe(8);
    again.workspace.close();
    // A file that is not a demo workspace is left as it is.
    const other = join(tmp.dir, 'named', 'client.psw');
    writeFileSync(other, 'an auditor\'s own work');
    await expect(buildDemoWorkspace(join(tmp.dir, 'named'), { actor: 'test', openSource: open, data: small, workspacePath: other })).rejects.toThrow(
      /already exists and is not a demo workspace/,
    );
    expect(readFileSync(other, 'utf8')).toBe("an auditor's own work");
    // So is a workspace of the auditor's own.
    const real = join(tmp.dir, 'named', 'real.psw');
    createWorkspace(real).close();
    await expect(buildDemoWorkspace(join(tmp.dir, 'named'), { actor: 'test', openSource: open, data: small, workspacePath: real })).rejects.toThrow(
      /already exists and is not a demo workspace/,
    );
  });
});
