import { AppError } from '../../../shared/errors.js';
import type { ConnectionRecord } from '../workspace/connections-repo.js';
import type { Source } from '../sources/source.js';
import type { ApiContext } from './api-context.js';

/** The stored connection by name, or NOT_FOUND saying where to look. */
export function connectionByName(ctx: ApiContext, name: string): ConnectionRecord {
  const connection = ctx.ws.connections.get(name);
  if (!connection) throw new AppError('NOT_FOUND', `There is no connection "${name}". Add it on the Connections page first.`, { connection: name });
  return connection;
}

/** Opens a stored connection's source for the length of `use` and always closes it. */
export async function withConnectionSource<T>(ctx: ApiContext, name: string, use: (source: Source) => Promise<T>): Promise<T> {
  const source = await ctx.openSource(connectionByName(ctx, name).config);
  try {
    return await use(source);
  } finally {
    await source.close();
  }
}
