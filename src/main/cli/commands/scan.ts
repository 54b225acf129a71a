import { runScan } from '../../core/scan/run-scan.js';
import type { ScanResult } from '../../core/scan/scan-types.js';
import { expectOnly, flag, flags, intFlag } from '../args.js';
import type { CommandContext } from '../context.js';
import { withInterrupt } from '../interrupt.js';
import { table } from '../output.js';

function describe(result: ScanResult): string {
  const { run } = result;
  const head = `Run ${run.id} ${run.status} in ${run.durationMs} ms (as of ${run.asOf}): ${run.recordsScanned} records, ${run.violationsNew} new, ${run.violationsOpen} open, ${run.violationsResolved} resolved violations.`;
  // A rule reading several places gets one indented line per place under its summed line.
  const rows = result.rules.flatMap((r) => [
    [r.id, r.status, r.recordsScanned, r.violationsOpen, r.violationsNew, r.resolved, r.error?.message ?? ''],
    ...(r.mappings ?? []).map((m) => [`  ${m.connection}.${m.table}`, m.status, m.recordsScanned, m.violationsOpen, m.violationsNew, m.resolved, m.error?.message ?? '']),
  ]);
  return `${head}\n${table(['rule', 'status', 'records', 'open', 'new', 'resolved', 'error'], rows, 90)}`;
}

export async function scanCommand(ctx: CommandContext): Promise<number> {
  expectOnly(ctx.args, ['rule', 'as-of', 'batch-size']);
  return withInterrupt(ctx.out, async (signal) => {
    let lastNote = 0;
    const result = await runScan(ctx.workspace(), {
      ruleIds: flags(ctx.args, 'rule'),
      asOf: flag(ctx.args, 'as-of'),
      batchSize: intFlag(ctx.args, 'batch-size', 1_000),
      trigger: 'cli',
      actor: ctx.actor,
      signal,
      openSource: ctx.openSource,
      onProgress: (p) => {
        if (ctx.out.json || !process.stderr.isTTY) return;
        if (p.phase === 'streaming' && p.elapsedMs - lastNote < 250) return;
        lastNote = p.elapsedMs;
        process.stderr.write(`\rrule ${p.ruleIndex + 1}/${p.ruleCount} ${p.ruleId}: ${p.rowsStreamed} rows, ${(p.elapsedMs / 1000).toFixed(1)} s   `);
        if (p.phase === 'done' && p.ruleIndex + 1 === p.ruleCount) process.stderr.write('\n');
      },
    });
    const { run } = result;
    ctx.out.result(
      {
        run: { id: run.id, status: run.status, startedAt: run.startedAt, finishedAt: run.finishedAt, asOf: run.asOf, recordsScanned: run.recordsScanned, violationsNew: run.violationsNew, violationsOpen: run.violationsOpen, violationsResolved: run.violationsResolved, durationMs: run.durationMs, error: run.error },
        rules: result.rules.map((r) => ({ id: r.id, status: r.status, recordsScanned: r.recordsScanned, recordsInScope: r.recordsInScope, violationsOpen: r.violationsOpen, violationsNew: r.violationsNew, resolved: r.resolved, durationMs: r.durationMs, error: r.error, ...(r.mappings ? { mappings: r.mappings } : {}) })),
      },
      () => describe(result),
    );
    return run.status === 'completed' ? 0 : 3;
  });
}
