import type { ApiEvent } from '../../shared/api.js';
import type { ApiReply } from '../../shared/api-client.js';

/** The JSON messages on the web host's one WebSocket; the browser transport speaks the other side. */
export interface WsRequest {
  id: number;
  method: string;
  args: unknown;
}

export type WsServerMessage = { id: number; reply: ApiReply } | { event: ApiEvent };

/** Room for a 50 MB PDF sent as base64 (4/3 of its size) plus the rest of the message. */
export const WS_MAX_PAYLOAD = 80 * 1024 * 1024;

/** The request in a message, or why it is not one (with its id when that much could be read). */
export function parseWsRequest(text: string): { ok: true; request: WsRequest } | { ok: false; id: number | null; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, id: null, message: 'The message is not JSON.' };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, id: null, message: 'The message is not an object.' };
  const { id, method, args } = value as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return { ok: false, id: null, message: 'The message has no numeric id.' };
  if (typeof method !== 'string') return { ok: false, id, message: 'The message names no method.' };
  return { ok: true, request: { id, method, args } };
}
