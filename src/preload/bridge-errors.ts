import type { Api, ApiMethodName } from '../shared/api.js';
import { API_METHODS } from '../shared/api.js';
import { ApiError } from '../shared/api-client.js';

/** What an ApiError looks like after crossing the context bridge: a plain object the bridge copies whole. */
export interface BridgedApiError {
  name: 'ApiError';
  code: ApiError['code'];
  message: string;
  details?: Record<string, unknown>;
}

/**
 * The context bridge copies a thrown Error with its message only, so the error code a screen acts
 * on would be lost. Each method therefore rejects with a plain object instead; the window turns it
 * back into an ApiError (src/renderer/api/revive-api-errors.ts).
 */
export function bridgeSafeApi(client: Api): Api {
  const methods: Partial<Record<ApiMethodName, (args: unknown) => Promise<unknown>>> = {};
  for (const method of API_METHODS) {
    const call = client[method] as (args: unknown) => Promise<unknown>;
    methods[method] = (args: unknown) =>
      call(args).catch((error: unknown) => {
        if (!(error instanceof ApiError)) throw error;
        const bridged: BridgedApiError = { name: 'ApiError', code: error.code, message: error.message, details: error.details };
        // A plain object on purpose: see above.
        throw bridged;
      });
  }
  // Built from the complete method list, so every member of the contract is present.
  return { ...(methods as unknown as Api), onEvent: (listener) => client.onEvent(listener) };
}
