import { existsSync, rmSync } from 'node:fs';
import { AppError } from '../../../shared/errors.js';
import { SEVERITIES, type Severity } from '../../../shared/rule.js';
import type { ViolationStatus } from '../../core/scan/violation-writer.js';
import { exportViolationsCsv } from '../../core/violations/export-csv.js';
import { expectOnly, flag, intFlag } from '../args.js';
import type { CommandContext } from '../context.js';
import { table } from '../output.js';

const STATUSES = ['open', 'confirmed', 'dismissed', 'resolved'];

function severityFlag(ctx: CommandContext): Severity | undefined {
  const severity = flag(ctx.args, 'severity');
  if (severity !== undefined && !(SEVERITIES as readonly string[]).includes(severity)) {
    throw new AppError('INVALID_INPUT', `--severity must be one of ${SEVERITIES.join(', ')}, not "${severity}".`);
  }
  return severity as Severity | undefined;
}

function statusFlag(ctx: CommandContext): string | undefined {
  const status = flag(ctx.args, 'status');
  if (status !== undefined && !STATUSES.includes(status)) {
    throw new AppError('INVALID_INPUT', `--status must be one of ${STATUSES.join(', ')}, not "${status}".`);
  }
  return status;
}

function list(ctx: CommandContext): number {
  expectOnly(ctx.args, ['rule', 'status', 'severity', 'limit']);
  const violations = ctx.workspace().violations.list({
    ruleId: flag(ctx.args, 'rule'),
    status: statusFlag(ctx) as ViolationStatus | undefined,
    severity: severityFlag(ctx),
    limit: intFlag(ctx.args, 'limit', 50),
  });
  ctx.out.result({ violations }, () =>
    violations.length === 0
      ? 'No violations match. Run a scan first (scan), or widen the filter.'
      : table(['id', 'rule', 'severity', 'status', 'record', 'justification'], violations.map((v) => [v.id, v.ruleId, v.severity, v.status, v.recordKey.map((k) => (k === null ? 'NULL' : String(k))).join('/'), v.justification]), 100),
  );
  return 0;
}

async function exportCsv(ctx: CommandContext): Promise<number> {
  expectOnly(ctx.args, ['format', 'out', 'rule', 'status', 'severity', 'force']);
  const format = flag(ctx.args, 'format') ?? 'csv';
  if (format !== 'csv') throw new AppError('INVALID_INPUT', `--format ${format} is not supported; use --format csv.`);
  const out = flag(ctx.args, 'out');
  if (!out) throw new AppError('INVALID_INPUT', 'Usage: violations export --format csv --out FILE');
  if (existsSync(out)) {
    if (!ctx.args.switches.has('force')) throw new AppError('ALREADY_EXISTS', `${out} already exists; choose another name or add --force.`);
    rmSync(out);
  }
  const count = await exportViolationsCsv(ctx.workspace().db, out, { ruleId: flag(ctx.args, 'rule'), status: statusFlag(ctx), severity: flag(ctx.args, 'severity') });
  ctx.out.result({ exported: count, file: out }, () => `Exported ${count} violation(s) to ${out}`);
  return 0;
}

export async function violationsCommand(ctx: CommandContext): Promise<number> {
  const verb = ctx.args.positional[0];
  switch (verb) {
    case 'list':
      return list(ctx);
    case 'export':
      return exportCsv(ctx);
    default:
      throw new AppError('INVALID_INPUT', `Usage: violations list|export … (got "${verb ?? ''}")`);
  }
}
