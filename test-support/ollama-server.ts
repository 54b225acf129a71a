/**
 * A test double of Ollama's HTTP API — not Ollama. It speaks the few endpoints the `ollama` client
 * uses (GET /api/tags, GET /api/version, POST /api/chat) on a random loopback port, answers chats
 * from a script the test controls, and records every request so tests can assert what was sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the test double answers to one chat request. */
export type ChatReply =
  /** `content` becomes `message.content`; streamed in `pieces` parts, each after `delayMs`. */
  | { kind: 'content'; content: string; pieces?: number; delayMs?: number }
  /** An HTTP error with Ollama's `{ "error": ... }` body. */
  | { kind: 'error'; status: number; error: string }
  /** Starts streaming `content` and then never finishes: for cancel and timeout tests. */
  | { kind: 'hang'; content?: string };

export interface RecordedRequest {
  method: string;
  path: string;
  /** The parsed JSON body of a POST, else null. */
  body: Record<string, unknown> | null;
}

export interface ChatBody {
  model: string;
  stream?: boolean;
  format?: unknown;
  options?: Record<string, unknown>;
  messages: Array<{ role: string; content: string }>;
}

export type ChatHandler = (request: ChatBody) => ChatReply | string;

export interface OllamaTestServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  requests: RecordedRequest[];
  /** The bodies of the chat requests, in order. */
  chats(): ChatBody[];
  /** Installed model names, as /api/tags lists them. */
  models: string[];
  /** Replies used in order before the handler is consulted. */
  enqueue(...replies: Array<ChatReply | string>): void;
  /** Answers chats once the queue is empty. */
  setHandler(handler: ChatHandler | null): void;
  close(): Promise<void>;
}

function withTag(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

function split(text: string, pieces: number): string[] {
  if (pieces <= 1 || text.length < pieces) return [text];
  const size = Math.ceil(text.length / pieces);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startOllamaTestServer(options: { models?: string[]; handler?: ChatHandler } = {}): Promise<OllamaTestServer> {
  const requests: RecordedRequest[] = [];
  const queue: Array<ChatReply | string> = [];
  let handler: ChatHandler | null = options.handler ?? null;
  const models = options.models ?? ['llama3.1:latest'];
  const sockets = new Set<Socket>();

  const chunk = (model: string, content: string, done: boolean): string =>
    `${JSON.stringify({
      model,
      created_at: new Date().toISOString(),
      message: { role: 'assistant', content },
      done,
      ...(done ? { done_reason: 'stop', total_duration: 1, eval_count: 1 } : {}),
    })}\n`;

  async function chat(body: ChatBody, res: ServerResponse, req: IncomingMessage): Promise<void> {
    if (!models.some((m) => withTag(m) === withTag(body.model))) {
      sendJson(res, 404, { error: `model "${body.model}" not found, try pulling it first` });
      return;
    }
    const next = queue.shift() ?? handler?.(body);
    if (next === undefined) {
      sendJson(res, 500, { error: 'the test double has no scripted reply for this chat' });
      return;
    }
    const reply: ChatReply = typeof next === 'string' ? { kind: 'content', content: next } : next;
    switch (reply.kind) {
      case 'error':
        sendJson(res, reply.status, { error: reply.error });
        return;
      case 'content': {
        if (body.stream !== true) {
          if (reply.delayMs) await sleep(reply.delayMs);
          sendJson(res, 200, JSON.parse(chunk(body.model, reply.content, true)) as unknown);
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
        for (const piece of split(reply.content, reply.pieces ?? 3)) {
          // Waiting before each piece delays the headers too, as a model that is still loading does.
          if (reply.delayMs) await sleep(reply.delayMs);
          if (res.destroyed || req.socket.destroyed) return;
          res.write(chunk(body.model, piece, false));
        }
        res.end(chunk(body.model, '', true));
        return;
      }
      case 'hang':
        res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
        res.write(chunk(body.model, reply.content ?? '{"candidates": [', false));
        // Held open until the client goes away (or the server closes).
        await new Promise<void>((resolve) => req.socket.once('close', () => resolve()));
        return;
      default: {
        const never: never = reply;
        throw new Error(`unhandled reply ${String(never)}`);
      }
    }
  }

  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const text = req.method === 'POST' ? await readBody(req) : '';
      let body: Record<string, unknown> | null = null;
      if (text !== '') {
        try {
          body = JSON.parse(text) as Record<string, unknown>;
        } catch {
          requests.push({ method: req.method ?? '', path, body: null });
          sendJson(res, 400, { error: 'invalid JSON body' });
          return;
        }
      }
      requests.push({ method: req.method ?? '', path, body });
      if (req.method === 'GET' && path === '/api/version') return sendJson(res, 200, { version: '0.0.0-test-double' });
      if (req.method === 'GET' && path === '/api/tags') {
        return sendJson(res, 200, {
          models: models.map((name) => ({
            name: withTag(name),
            model: withTag(name),
            modified_at: new Date(0).toISOString(),
            size: 1,
            digest: 'test',
            details: { format: 'gguf', family: 'test', parameter_size: '1B', quantization_level: 'Q4_0' },
          })),
        });
      }
      if (req.method === 'POST' && path === '/api/chat') return chat(body as unknown as ChatBody, res, req);
      sendJson(res, 404, { error: `no route ${req.method ?? ''} ${path}` });
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(error) });
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    chats: () => requests.filter((r) => r.path === '/api/chat' && r.body !== null).map((r) => r.body as unknown as ChatBody),
    models,
    enqueue: (...replies) => queue.push(...replies),
    setHandler: (h) => {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
