import type { ApiMethodName, ApiMethods } from '../../shared/api.js';
import { isApiMethod } from '../../shared/api.js';
import type { ApiReply } from '../../shared/api-client.js';
import { serializeError } from '../../shared/errors.js';
import { createLogger } from '../core/logger.js';

const log = createLogger('api');

/** One call from a window, as it arrives over any transport: nothing about it is trusted yet. */
export type ApiDispatch = (method: unknown, args: unknown) => Promise<ApiReply>;

/**
 * Binds the core API to a transport: refuses names outside the contract (so a window cannot reach
 * `dispose` or `constructor`), and turns every outcome, thrown errors included, into a reply value.
 */
export function bindApi(api: ApiMethods): ApiDispatch {
  return async (method, args) => {
    if (!isApiMethod(method)) {
      const name = typeof method === 'string' ? method.slice(0, 80) : typeof method;
      return {
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          message: `Unknown API method "${name}". The window and the application are from different versions: reload the window.`,
        },
      };
    }
    try {
      return { ok: true, value: await call(api, method, args ?? {}) };
    } catch (error) {
      const serialized = serializeError(error);
      if (serialized.code === 'INTERNAL') log.error('API method failed', { method, error: error instanceof Error ? error.stack : String(error) });
      return { ok: false, error: serialized };
    }
  };
}

function call(api: ApiMethods, method: ApiMethodName, args: unknown): Promise<unknown> {
  // The args were validated only as "some value": each core method checks its own input.
  const fn = api[method] as (args: unknown) => Promise<unknown>;
  return fn.call(api, args);
}
