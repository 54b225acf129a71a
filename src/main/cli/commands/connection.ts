import { AppError } from '../../../shared/errors.js';
import { describeConnection, type ConnectionConfig } from '../../core/sources/connection-config.js';
import { configFromInput } from '../../core/sources/connection-input.js';
import { expectOnly, flag } from '../args.js';
import type { CommandContext } from '../context.js';
import { table } from '../output.js';

/** `--types orders.amount=number,orders.day=date` → type overrides. */
function filesTypes(text: string | undefined): { types?: Record<string, 'number' | 'text' | 'boolean' | 'date' | 'timestamp'> } {
  if (text === undefined) return {};
  const types: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const eq = part.lastIndexOf('=');
    if (eq < 1) throw new AppError('INVALID_INPUT', `--types takes table.column=type pairs separated by commas (got "${part}"); types: number, text, boolean, date, timestamp.`);
    types[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  // configFromInput validates the names and types.
  return { types: types as Record<string, 'number' | 'text' | 'boolean' | 'date' | 'timestamp'> };
}

function configFrom(ctx: CommandContext): ConnectionConfig {
  const sqlite = flag(ctx.args, 'sqlite');
  const postgres = flag(ctx.args, 'postgres');
  const mongodb = flag(ctx.args, 'mongodb');
  const files = flag(ctx.args, 'files');
  const mysql = flag(ctx.args, 'mysql');
  if ([sqlite, postgres, mongodb, files, mysql].filter((f) => f !== undefined).length !== 1) {
    throw new AppError('INVALID_INPUT', 'Give exactly one source: --sqlite PATH or --postgres URL or --mongodb URL or --files PATH or --mysql URL (with --password-env VAR for the password).');
  }
  if (mysql !== undefined) return configFromInput({ engine: 'mysql', url: mysql, passwordEnv: flag(ctx.args, 'password-env') });
  if (sqlite !== undefined) return configFromInput({ engine: 'sqlite', path: sqlite });
  if (files !== undefined) return configFromInput({ engine: 'files', path: files, ...filesTypes(flag(ctx.args, 'types')) });
  if (mongodb !== undefined) {
    const sample = flag(ctx.args, 'sample-size');
    return configFromInput({
      engine: 'mongodb',
      url: mongodb,
      database: flag(ctx.args, 'database'),
      passwordEnv: flag(ctx.args, 'password-env'),
      ...(sample !== undefined ? { sampleSize: Number(sample) } : {}),
    });
  }
  return configFromInput({ engine: 'postgres', url: postgres!, passwordEnv: flag(ctx.args, 'password-env') });
}

async function add(ctx: CommandContext): Promise<number> {
  expectOnly(ctx.args, ['sqlite', 'postgres', 'password-env', 'mongodb', 'database', 'sample-size', 'files', 'types', 'mysql']);
  const name = ctx.args.positional[1];
  if (!name) throw new AppError('INVALID_INPUT', 'Usage: connection add NAME --sqlite PATH | --postgres URL [--password-env VAR]');
  const config = configFrom(ctx);
  const ws = ctx.workspace();
  ws.connections.add(name, config, ctx.actor);
  // Registering works offline; say now if the source cannot be reached rather than at the first scan.
  let reachable: string | null = null;
  try {
    const source = await ctx.openSource(config);
    try {
      await source.schema();
    } finally {
      await source.close();
    }
  } catch (error) {
    reachable = error instanceof Error ? error.message : String(error);
    ctx.out.note(`Warning: connection "${name}" was added but could not be reached: ${reachable}`);
  }
  ctx.out.result({ connection: { name, engine: config.engine, description: describeConnection(config), reachable: reachable === null, error: reachable } }, () => `Added connection ${name} (${describeConnection(config)})`);
  return 0;
}

function list(ctx: CommandContext): number {
  expectOnly(ctx.args, []);
  const connections = ctx.workspace().connections.list();
  ctx.out.result(
    { connections: connections.map((c) => ({ name: c.name, engine: c.config.engine, description: describeConnection(c.config) })) },
    () => (connections.length === 0 ? 'No connections yet. Add one: connection add NAME --sqlite PATH | --postgres URL' : table(['name', 'engine', 'source'], connections.map((c) => [c.name, c.config.engine, describeConnection(c.config)]))),
  );
  return 0;
}

async function schema(ctx: CommandContext): Promise<number> {
  expectOnly(ctx.args, []);
  const name = ctx.args.positional[1];
  if (!name) throw new AppError('INVALID_INPUT', 'Usage: connection schema NAME');
  const connection = ctx.workspace().connections.get(name);
  if (!connection) throw new AppError('NOT_FOUND', `There is no connection "${name}". See them with: connection list`);
  const source = await ctx.openSource(connection.config);
  try {
    const discovered = await source.schema();
    ctx.out.result({ connection: name, tables: discovered.tables }, () =>
      discovered.tables
        .map((t) => `${t.name} (${t.rowEstimate ?? '?'} rows, key: ${t.primaryKey.join(', ') || 'none'})\n` +
          table(['column', 'type', 'native', 'nullable'], t.columns.map((c) => [c.name, c.type, c.nativeType, c.nullable ? 'yes' : 'no'])))
        .join('\n\n') || 'No tables.',
    );
  } finally {
    await source.close();
  }
  return 0;
}

function remove(ctx: CommandContext): number {
  expectOnly(ctx.args, []);
  const name = ctx.args.positional[1];
  if (!name) throw new AppError('INVALID_INPUT', 'Usage: connection remove NAME');
  ctx.workspace().connections.remove(name, ctx.actor);
  ctx.out.result({ removed: name }, () => `Removed connection ${name}`);
  return 0;
}

export async function connectionCommand(ctx: CommandContext): Promise<number> {
  const verb = ctx.args.positional[0];
  switch (verb) {
    case 'add':
      return add(ctx);
    case 'list':
      return list(ctx);
    case 'schema':
      return schema(ctx);
    case 'remove':
      return remove(ctx);
    default:
      throw new AppError('INVALID_INPUT', `Usage: connection add|list|schema|remove … (got "${verb ?? ''}")`);
  }
}
