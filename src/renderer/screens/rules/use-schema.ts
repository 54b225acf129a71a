import { useApiQuery, type QueryState } from '../../api/use-api-query.js';
import { getApi } from '../../api/get-api.js';
import type { SourceSchema } from '../../../shared/schema.js';

/** The schema of the chosen connection (null while none is chosen). */
export function useSchema(connection: string): QueryState<SourceSchema | null> {
  return useApiQuery(() => (connection.trim() === '' ? Promise.resolve(null) : getApi().getSchema({ name: connection.trim() })), [connection], ['connections']);
}

