import type { Api, ApiMethodName } from '../../shared/api.js';
import { API_METHODS } from '../../shared/api.js';
import { ApiError } from '../../shared/api-client.js';

function isBridgedApiError(value: unknown): value is { name: 'ApiError'; code: ApiError['code']; message: string; details?: Record<string, unknown> } {
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'ApiError' && typeof (value as { code?: unknown }).code === 'string';
}

/**
 * The desktop preload's API rejects with plain objects (the context bridge would strip an Error's
 * code); this turns them back into ApiError, so screens handle both hosts' errors the same way.
 */
export function reviveApiErrors(bridged: Api): Api {
  const methods: Partial<Record<ApiMethodName, (args: unknown) => Promise<unknown>>> = {};
  for (const method of API_METHODS) {
    const call = bridged[method] as (args: unknown) => Promise<unknown>;
    methods[method] = (args: unknown) =>
      call(args).catch((error: unknown) => {
        throw isBridgedApiError(error) ? new ApiError({ code: error.code, message: error.message, details: error.details }) : error;
      });
  }
  // Built from the complete method list, so every member of the contract is present.
  return { ...(methods as unknown as Api), onEvent: (listener) => bridged.onEvent(listener) };
}
