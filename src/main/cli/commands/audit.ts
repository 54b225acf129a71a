import { AppError } from '../../../shared/errors.js';
import { expectOnly, intFlag } from '../args.js';
import type { CommandContext } from '../context.js';
import { table } from '../output.js';

export async function auditCommand(ctx: CommandContext): Promise<number> {
  const verb = ctx.args.positional[0];
  const ws = ctx.workspace();
  if (verb === 'verify') {
    expectOnly(ctx.args, []);
    const result = ws.audit.verify();
    ctx.out.result(result, () =>
      result.ok
        ? `Audit trail intact: ${result.entries} entries, hash chain verified.`
        : `AUDIT TRAIL BROKEN at entry ${result.brokenAt}: ${result.reason} (${result.entries} entries checked).`,
    );
    return result.ok ? 0 : 4;
  }
  if (verb === 'list') {
    expectOnly(ctx.args, ['limit']);
    const entries = ws.audit.list({ limit: intFlag(ctx.args, 'limit', 50) });
    ctx.out.result({ entries }, () => table(['seq', 'at', 'actor', 'action', 'entity'], entries.map((e) => [e.seq, e.at, e.actor, e.action, `${e.entityType}:${e.entityId ?? ''}`])));
    return 0;
  }
  throw new AppError('INVALID_INPUT', `Usage: audit verify|list (got "${verb ?? ''}")`);
}
