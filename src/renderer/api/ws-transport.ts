import type { ApiEvent, ApiEventListener, ApiMethodName } from '../../shared/api.js';
import type { ApiReply, ApiTransport } from '../../shared/api-client.js';

/** The part of the browser's WebSocket this transport uses (the `ws` package's class fits too). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface WsTransportOptions {
  /** e.g. `ws://127.0.0.1:PORT/api`; see `webHostSocketUrl`. */
  url: string;
  /** Defaults to the browser's WebSocket. */
  connect?: WebSocketFactory;
  /** First reconnect delay; doubles up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long a call waits for a connection before it fails with "the host is gone". */
  connectTimeoutMs?: number;
}

export interface WsTransport extends ApiTransport {
  readonly status: ConnectionStatus;
  /** For a banner: "reconnecting…", "the application has stopped". Returns the unsubscribe. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** Closes for good: pending calls fail, no reconnect. */
  close(): void;
}

const OPEN = 1;

interface Pending {
  resolve(reply: ApiReply): void;
}

/** The socket URL of the web host serving this page; the page's own `?token=` is passed on when present. */
export function webHostSocketUrl(location: { protocol: string; host: string; search: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = new URLSearchParams(location.search).get('token');
  return `${scheme}//${location.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

function hostGone(message: string): ApiReply {
  return { ok: false, error: { code: 'INTERNAL', message, details: { transport: 'disconnected' } } };
}

/**
 * An ApiTransport over one WebSocket to the loopback web host: numbered requests matched to
 * replies, events fanned out to subscribers, reconnection with exponential backoff. A call never
 * hangs: while the host is unreachable it fails after `connectTimeoutMs` with a message saying so.
 */
export function createWsTransport(urlOrOptions: string | WsTransportOptions): WsTransport {
  const options: WsTransportOptions = typeof urlOrOptions === 'string' ? { url: urlOrOptions } : urlOrOptions;
  const connect = options.connect ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike);
  const initialBackoff = options.initialBackoffMs ?? 250;
  const maxBackoff = options.maxBackoffMs ?? 10_000;
  const connectTimeout = options.connectTimeoutMs ?? 8_000;

  const listeners = new Set<ApiEventListener>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const inFlight = new Map<number, Pending>();
  /** Calls made while not connected, sent in order once the socket opens. */
  const queued: { id: number; text: string; pending: Pending; timer: ReturnType<typeof setTimeout> }[] = [];
  let nextId = 1;
  let socket: WebSocketLike | null = null;
  let status: ConnectionStatus = 'connecting';
  let backoff = initialBackoff;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const setStatus = (next: ConnectionStatus): void => {
    if (next === status) return;
    status = next;
    for (const listener of [...statusListeners]) listener(next);
  };

  const open = (): void => {
    const ws = connect(options.url);
    socket = ws;
    ws.onopen = () => {
      backoff = initialBackoff;
      setStatus('open');
      for (const item of queued.splice(0)) {
        clearTimeout(item.timer);
        inFlight.set(item.id, item.pending);
        ws.send(item.text);
      }
    };
    ws.onmessage = (event) => receive(event.data);
    ws.onerror = () => {
      // Always followed by onclose, which decides what happens next.
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      // A call already sent may or may not have run: say so rather than guess or resend it.
      for (const [id, pending] of inFlight) {
        inFlight.delete(id);
        pending.resolve(hostGone('The connection to PolicySentinel was lost before it answered; the action may or may not have been done. Check, then try again.'));
      }
      if (closed) return;
      setStatus('reconnecting');
      reconnectTimer = setTimeout(() => {
        reconnectTimer = null;
        open();
      }, backoff);
      backoff = Math.min(backoff * 2, maxBackoff);
    };
  };

  const receive = (data: unknown): void => {
    if (typeof data !== 'string') return;
    let message: { id?: unknown; reply?: ApiReply; event?: ApiEvent };
    try {
      message = JSON.parse(data) as typeof message;
    } catch {
      return;
    }
    if (message.event) {
      for (const listener of [...listeners]) listener(message.event);
      return;
    }
    if (typeof message.id === 'number' && message.reply) {
      const pending = inFlight.get(message.id);
      if (!pending) return;
      inFlight.delete(message.id);
      pending.resolve(message.reply);
    }
  };

  open();

  return {
    get status() {
      return status;
    },
    invoke(method: ApiMethodName, args: unknown): Promise<ApiReply> {
      return new Promise<ApiReply>((resolve) => {
        if (closed) {
          resolve(hostGone('This window is disconnected from PolicySentinel. Reload the page.'));
          return;
        }
        const id = nextId++;
        const text = JSON.stringify({ id, method, args });
        const pending: Pending = { resolve };
        if (socket && socket.readyState === OPEN) {
          inFlight.set(id, pending);
          socket.send(text);
          return;
        }
        const timer = setTimeout(() => {
          const index = queued.findIndex((item) => item.id === id);
          if (index >= 0) queued.splice(index, 1);
          resolve(
            hostGone(
              `PolicySentinel is not answering at ${options.url.replace(/\?.*$/, '')}: the application has stopped or restarted. ` +
                'Start it again (npm run serve) and open the address it prints.',
            ),
          );
        }, connectTimeout);
        queued.push({ id, text, pending, timer });
      });
    },
    subscribe(listener: ApiEventListener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    close() {
      if (closed) return;
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      for (const item of queued.splice(0)) {
        clearTimeout(item.timer);
        item.pending.resolve(hostGone('This window is disconnected from PolicySentinel. Reload the page.'));
      }
      const ws = socket;
      setStatus('closed');
      ws?.close();
      if (!ws) return;
      // onclose fails what is in flight; do it now too in case the socket never reports closing.
      for (const [id, pending] of inFlight) {
        inFlight.delete(id);
        pending.resolve(hostGone('This window is disconnected from PolicySentinel. Reload the page.'));
      }
    },
  };
}
