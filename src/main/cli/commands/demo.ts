import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { buildDemoWorkspace } from '../../core/demo/build-demo.js';
import { runScan } from '../../core/scan/run-scan.js';
import { expectOnly, flag } from '../args.js';
import type { CommandContext } from '../context.js';
import { table } from '../output.js';

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'] as const;

export async function demoCommand(ctx: CommandContext): Promise<number> {
  expectOnly(ctx.args, ['dir']);
  // --workspace FILE puts the demo workspace there, its data beside it unless --dir says otherwise.
  const requested = flag(ctx.args, 'workspace');
  const workspacePath = requested === undefined ? undefined : resolve(requested);
  const dir = resolve(flag(ctx.args, 'dir') ?? (workspacePath ? dirname(workspacePath) : join(homedir(), '.policysentinel', 'demo')));
  ctx.out.note(`Building the demo in ${dir} …`);
  const demo = await buildDemoWorkspace(dir, { actor: ctx.actor, openSource: ctx.openSource, workspacePath });
  const ws = demo.workspace;
  try {
    const result = await runScan(ws, { trigger: 'demo', actor: ctx.actor, openSource: ctx.openSource });
    const bySeverity = ws.violations.countsBySeverity('open');
    // One example per rule, most severe rules first, so the summary shows different kinds of problem.
    const rulesBySeverity = [...result.rules]
      .map((r) => ws.rules.get(r.id)!)
      .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
    const worst = rulesBySeverity.flatMap((rule) => ws.violations.list({ ruleId: rule.id, status: 'open', limit: 1 })).slice(0, 5);
    const summary = {
      workspace: demo.workspacePath,
      source: demo.sourcePath,
      run: result.run,
      rules: result.rules.map((r) => ({ id: r.id, status: r.status, recordsScanned: r.recordsScanned, violationsOpen: r.violationsOpen, error: r.error })),
      violationsBySeverity: bySeverity,
      worst: worst.map((v) => ({ id: v.id, rule: v.ruleId, severity: v.severity, justification: v.justification })),
      policy: { id: demo.policy.policy.id, candidates: demo.policy.candidates.length, mapped: demo.policy.candidates.filter((c) => c.rule).length },
    };
    ctx.out.result(summary, () =>
      [
        `Demo workspace: ${demo.workspacePath}`,
        `Scanned ${result.run.recordsScanned.toLocaleString('en-US')} records with ${result.rules.length} rules in ${result.run.durationMs} ms (run ${result.run.id}, ${result.run.status}).`,
        '',
        table(['rule', 'status', 'records', 'open violations'], result.rules.map((r) => [r.id, r.status, r.recordsScanned, r.violationsOpen])),
        '',
        `Open violations by severity: ${SEVERITY_ORDER.map((s) => `${s} ${bySeverity[s]}`).join(', ')}`,
        '',
        'Worst examples:',
        ...worst.map((v, i) => `${i + 1}. [${v.severity}] ${v.justification}`),
        '',
        `Sample policy ${demo.policy.policy.filename}: ${demo.policy.candidates.length} rule candidates, ${summary.policy.mapped} mapped onto the demo tables, awaiting review.`,
        '',
        `Explore: npm run -s cli -- violations list --workspace ${demo.workspacePath}`,
        `         npm run -s cli -- policy candidates ${demo.policy.policy.id} --workspace ${demo.workspacePath}`,
      ].join('\n'),
    );
    return result.run.status === 'completed' ? 0 : 3;
  } finally {
    ws.close();
  }
}
