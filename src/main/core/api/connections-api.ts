import type { ConnectionsApi, ConnectionSummary, ConnectionTestResult } from '../../../shared/api/connections.js';
import { AppError } from '../../../shared/errors.js';
import { describeConnection, type ConnectionConfig } from '../sources/connection-config.js';
import { configFromInput } from '../sources/connection-input.js';
import type { ConnectionRecord } from '../workspace/connections-repo.js';
import type { ApiContext } from './api-context.js';
import { connectionByName, withConnectionSource } from './connection-source.js';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Opens a source and reads its schema. A missing password variable stays INVALID_INPUT (the fix is
 * the same); anything else that stops the source from answering is SOURCE_UNREACHABLE.
 */
async function probe(ctx: ApiContext, config: ConnectionConfig): Promise<ConnectionTestResult> {
  const started = performance.now();
  try {
    const source = await ctx.openSource(config);
    try {
      const schema = await source.schema();
      return { tables: schema.tables.length, latencyMs: Math.round(performance.now() - started) };
    } finally {
      await source.close();
    }
  } catch (error) {
    if (error instanceof AppError && (error.code === 'SOURCE_UNREACHABLE' || error.code === 'INVALID_INPUT')) throw error;
    throw new AppError(
      'SOURCE_UNREACHABLE',
      `Cannot reach ${describeConnection(config)}: ${message(error)}. Check that the source is running and the address and user are right.`,
      { engine: config.engine },
    );
  }
}

function ruleCounts(ctx: ApiContext): Map<string, number> {
  const rows = ctx.ws.db.prepare('SELECT connection, count(*) AS n FROM rules GROUP BY connection').all() as Array<{ connection: string; n: number }>;
  return new Map(rows.map((r) => [r.connection, r.n]));
}

function summary(record: ConnectionRecord, ruleCount: number): ConnectionSummary {
  return {
    id: record.id,
    name: record.name,
    engine: record.engine,
    description: describeConnection(record.config),
    createdAt: record.createdAt,
    ruleCount,
  };
}

export function createConnectionsApi(ctx: ApiContext): ConnectionsApi {
  return {
    async listConnections() {
      const counts = ruleCounts(ctx);
      return ctx.ws.connections.list().map((c) => summary(c, counts.get(c.name) ?? 0));
    },

    async addConnection({ name, input }) {
      const trimmed = typeof name === 'string' ? name.trim() : '';
      if (trimmed === '') throw new AppError('INVALID_INPUT', 'Give the connection a name, e.g. erp or shop.', { field: 'name' });
      if (ctx.ws.connections.get(trimmed)) {
        throw new AppError('ALREADY_EXISTS', `A connection named "${trimmed}" already exists; choose another name or remove it first.`, { connection: trimmed });
      }
      const config = configFromInput(input);
      // Stored only once it answers, so a typo never becomes a connection every scan fails on.
      await probe(ctx, config);
      const record = ctx.ws.connections.add(trimmed, config, ctx.actor);
      ctx.emit({ type: 'data.changed', what: 'connections' });
      return summary(record, ruleCounts(ctx).get(record.name) ?? 0);
    },

    async testConnection(args) {
      const config = 'input' in args ? configFromInput(args.input) : connectionByName(ctx, args.name).config;
      return probe(ctx, config);
    },

    async removeConnection({ name, reason }) {
      ctx.ws.connections.remove(name, ctx.actor, reason);
      ctx.emit({ type: 'data.changed', what: 'connections' });
    },

    async getSchema({ name }) {
      return withConnectionSource(ctx, name, (source) => source.schema());
    },
  };
}
