import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { AppError } from '../../../shared/errors.js';
import { importRules } from '../../core/rules/import-rules.js';
import { parseRuleFile, printRuleFile } from '../../core/rules/rule-file.js';
import { expectOnly } from '../args.js';
import type { CommandContext } from '../context.js';
import { table } from '../output.js';

async function importCommand(ctx: CommandContext): Promise<number> {
  expectOnly(ctx.args, ['activate']);
  const file = ctx.args.positional[1];
  if (!file) throw new AppError('INVALID_INPUT', 'Usage: rules import FILE [--activate]');
  if (!existsSync(file)) throw new AppError('NOT_FOUND', `Rule file ${file} does not exist.`);
  const rules = parseRuleFile(readFileSync(file, 'utf8'));
  const imported = await importRules(ctx.workspace(), rules, {
    activate: ctx.args.switches.has('activate'),
    actor: ctx.actor,
    openSource: ctx.openSource,
    reason: `imported from ${file}`,
  });
  ctx.out.result({ imported }, () =>
    `Imported ${imported.length} rule(s):\n${table(['id', 'status', 'version'], imported.map((r) => [r.id, r.status, r.version]))}` +
      (imported.some((r) => r.status !== 'active') ? '\nActivate with --activate, or: rules activate ID' : ''),
  );
  return 0;
}

function exportCommand(ctx: CommandContext): number {
  expectOnly(ctx.args, ['force']);
  const file = ctx.args.positional[1];
  if (!file) throw new AppError('INVALID_INPUT', 'Usage: rules export FILE');
  if (existsSync(file) && !ctx.args.switches.has('force')) {
    throw new AppError('ALREADY_EXISTS', `${file} already exists; choose another name or add --force to overwrite it.`);
  }
  const rules = ctx.workspace().rules.list();
  writeFileSync(file, printRuleFile(rules));
  ctx.out.result({ exported: rules.length, file }, () => `Exported ${rules.length} rule(s) to ${file}`);
  return 0;
}

function listCommand(ctx: CommandContext): number {
  expectOnly(ctx.args, []);
  const rules = ctx.workspace().rules.list();
  ctx.out.result(
    { rules: rules.map((r) => ({ id: r.id, title: r.title, severity: r.severity, status: r.status, origin: r.origin, version: r.version, connection: r.target.connection, table: r.target.table ?? null })) },
    () => (rules.length === 0 ? 'No rules yet. Import some: rules import FILE --activate' : table(['id', 'severity', 'status', 'target', 'title'], rules.map((r) => [r.id, r.severity, r.status, `${r.target.connection}.${r.target.table ?? 'query'}`, r.title]))),
  );
  return 0;
}

function setStatus(ctx: CommandContext, status: 'active' | 'inactive'): number {
  expectOnly(ctx.args, ['reason']);
  const ids = ctx.args.positional.slice(1);
  if (ids.length === 0) throw new AppError('INVALID_INPUT', `Usage: rules ${status === 'active' ? 'activate' : 'deactivate'} ID [ID ...]`);
  const ws = ctx.workspace();
  const reason = ctx.args.flags.get('reason')?.[0];
  for (const id of ids) ws.rules.setStatus(id, status, ctx.actor, reason);
  ctx.out.result({ rules: ids, status }, () => `${ids.join(', ')}: ${status}`);
  return 0;
}

export async function rulesCommand(ctx: CommandContext): Promise<number> {
  const verb = ctx.args.positional[0];
  switch (verb) {
    case 'import':
      return importCommand(ctx);
    case 'export':
      return exportCommand(ctx);
    case 'list':
      return listCommand(ctx);
    case 'activate':
      return setStatus(ctx, 'active');
    case 'deactivate':
      return setStatus(ctx, 'inactive');
    default:
      throw new AppError('INVALID_INPUT', `Usage: rules import|export|list|activate|deactivate … (got "${verb ?? ''}")`);
  }
}
