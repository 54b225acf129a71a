import type { Api, ApiMethodName, ApiMethods } from './api.js';
import { API_METHODS } from './api.js';
import type { ApiEventListener } from './api/events.js';
import type { ErrorCode, SerializedError } from './errors.js';

/** How every answer crosses a boundary: errors are values, never thrown through a transport. */
export type ApiReply = { ok: true; value: unknown } | { ok: false; error: SerializedError };

/** What a transport must do; the client is the same over each. */
export interface ApiTransport {
  invoke(method: ApiMethodName, args: unknown): Promise<ApiReply>;
  subscribe(listener: ApiEventListener): () => void;
}

/** An error the core answered with, thrown in the window with its code and message intact. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  constructor(error: SerializedError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.details = error.details;
  }
}

export function createApiClient(transport: ApiTransport): Api {
  const methods: Partial<Record<ApiMethodName, (args: unknown) => Promise<unknown>>> = {};
  for (const method of API_METHODS) {
    methods[method] = async (args: unknown) => {
      const reply = await transport.invoke(method, args ?? {});
      if (!reply.ok) throw new ApiError(reply.error);
      return reply.value;
    };
  }
  // Built from the complete method list above, so every member of ApiMethods is present.
  return { ...(methods as unknown as ApiMethods), onEvent: (listener) => transport.subscribe(listener) };
}
