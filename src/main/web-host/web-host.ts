import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiEventListener } from '../../shared/api.js';
import { AppError } from '../../shared/errors.js';
import { createLogger } from '../core/logger.js';
import type { ApiDispatch } from '../host/bind-api.js';
import { contentSecurityPolicy } from '../host/content-security-policy.js';
import { checkRequest, tokenCookie, type HostIdentity } from './request-guard.js';
import { resolveStaticFile } from './static-files.js';
import { parseWsRequest, WS_MAX_PAYLOAD, type WsServerMessage } from './ws-protocol.js';

const log = createLogger('web-host');

export interface WebHostOptions {
  dispatch: ApiDispatch;
  subscribe(listener: ApiEventListener): () => void;
  /** The built renderer (out/renderer); nothing outside it is ever served. */
  rendererDir: string;
  /** 0 or absent: a free port. */
  port?: number;
  /** Absent: 32 random bytes. Tests may fix it. */
  token?: string;
}

export interface WebHost {
  port: number;
  token: string;
  /** What to open in a browser: carries the token once, the cookie carries it afterwards. */
  url: string;
  /** Stops accepting, closes every window's socket; idempotent. */
  close(): Promise<void>;
}

/** Serves the renderer and the API on 127.0.0.1 only, to whoever holds this start's token. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const identity: HostIdentity = { port: 0, token };
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD });
  const server = createServer((req, res) => {
    handleHttp(req, res, identity, options.rendererDir).catch((error: unknown) => {
      log.error('request failed', { url: req.url, error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal error.');
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const guard = checkRequest(req, identity);
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (!guard.ok || path !== '/api') {
      log.warn('refused a WebSocket', { reason: guard.ok ? `path ${path}` : guard.reason });
      socket.end(`HTTP/1.1 ${guard.ok ? '404 Not Found' : '403 Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, options));
  });

  identity.port = await listen(server, options.port ?? 0);
  const url = `http://127.0.0.1:${identity.port}/?token=${token}`;
  let closing: Promise<void> | null = null;
  return {
    port: identity.port,
    token,
    url,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'EADDRINUSE') {
        reject(new AppError('INVALID_INPUT', `Port ${port} on 127.0.0.1 is already in use. Choose another with --port N, or leave --port out to use a free one.`, { port }));
      } else if (error.code === 'EACCES') {
        reject(new AppError('INVALID_INPUT', `Port ${port} needs privileges this user does not have. Choose a port above 1024, or leave --port out.`, { port }));
      } else {
        reject(error);
      }
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

async function handleHttp(req: IncomingMessage, res: ServerResponse, identity: HostIdentity, rendererDir: string): Promise<void> {
  const guard = checkRequest(req, identity);
  if (!guard.ok) {
    log.warn('refused a request', { reason: guard.reason, url: req.url?.replace(/token=[^&]*/, 'token=…') });
    return refuse(res, 403, 'Forbidden: open the address PolicySentinel printed when it started (it carries the access token).');
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return refuse(res, 405, 'Method not allowed.');
  }
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const file = await resolveStaticFile(rendererDir, path);
  if (!file) return refuse(res, 404, 'Not found.');
  const headers: Record<string, string | number> = {
    'Content-Type': file.contentType,
    'Content-Length': file.size,
    'Content-Security-Policy': contentSecurityPolicy([`ws://127.0.0.1:${identity.port}`]),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
  if (guard.tokenInQuery) headers['Set-Cookie'] = tokenCookie(identity);
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  file.open().pipe(res);
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(message);
}

function serveSocket(ws: WebSocket, options: WebHostOptions): void {
  const send = (message: WsServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const unsubscribe = options.subscribe((event) => send({ event }));
  ws.on('close', unsubscribe);
  ws.on('error', (error) => log.warn('socket error', { error: error.message }));
  ws.on('message', (data, isBinary) => {
    if (isBinary) return send({ id: -1, reply: { ok: false, error: { code: 'INVALID_INPUT', message: 'Send API requests as JSON text.' } } });
    const parsed = parseWsRequest(data.toString());
    if (!parsed.ok) {
      return send({ id: parsed.id ?? -1, reply: { ok: false, error: { code: 'INVALID_INPUT', message: parsed.message } } });
    }
    const { id, method, args } = parsed.request;
    void options.dispatch(method, args).then((reply) => send({ id, reply }));
  });
}
