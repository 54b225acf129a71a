import { Ollama, type Message } from 'ollama';
import { AppError } from '../../../../shared/errors.js';

export const DEFAULT_NUM_CTX = 8192;

/** Ollama lists `llama3.1` as `llama3.1:latest`; both name the same model. */
export function sameModel(a: string, b: string): boolean {
  const tagged = (n: string) => (n.includes(':') ? n : `${n}:latest`);
  return tagged(a) === tagged(b);
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'Extraction was cancelled.');
}

function errorCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e instanceof Error; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = e.cause;
  }
  return undefined;
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/** Turns what the client throws into an error the user can act on. */
export function toOllamaError(error: unknown, host: string, model?: string, signal?: AbortSignal): AppError {
  if (error instanceof AppError) return error;
  if (signal?.aborted || (error instanceof Error && error.name === 'AbortError')) return cancelled();
  const status = (error as { status_code?: unknown }).status_code;
  const message = error instanceof Error ? error.message : String(error);
  if (status === 404 && model !== undefined && /not found/i.test(message)) return modelMissing(model);
  const code = errorCode(error);
  if ((code !== undefined && UNREACHABLE_CODES.has(code)) || message === 'fetch failed') {
    return new AppError(
      'SOURCE_UNREACHABLE',
      `Ollama is not running at ${host}. Start Ollama (ollama serve), or use --extractor heuristic.`,
      { host },
    );
  }
  return new AppError('SOURCE_ERROR', `Ollama at ${host} failed: ${message}`, { host, status });
}

export function modelMissing(model: string): AppError {
  return new AppError('NOT_FOUND', `Model "${model}" is not installed in Ollama. Run: ollama pull ${model}`, { model });
}

/**
 * A client whose every request also ends when `signal` aborts. The client's own `abort()` only
 * reaches streams whose headers have arrived; a model still loading would otherwise keep waiting.
 */
export function createOllamaClient(host: string, signal?: AbortSignal): Ollama {
  const fetchWithSignal: typeof fetch = (input, init) => {
    const signals = [init?.signal, signal].filter((s): s is AbortSignal => s !== undefined && s !== null);
    return fetch(input, { ...init, signal: signals.length > 0 ? AbortSignal.any(signals) : undefined });
  };
  return new Ollama({ host, fetch: fetchWithSignal });
}

/** Names of the installed models, as Ollama reports them (`llama3.1:latest`). */
export async function listModels(host: string): Promise<string[]> {
  try {
    const list = await createOllamaClient(host).list();
    return list.models.map((m) => m.name);
  } catch (error) {
    throw toOllamaError(error, host);
  }
}

/** Throws the "ollama pull" error when `model` is not installed. */
export async function ensureModel(host: string, model: string): Promise<void> {
  const names = await listModels(host);
  if (!names.some((n) => sameModel(n, model))) throw modelMissing(model);
}

export interface ChatCall {
  model: string;
  messages: Message[];
  /** A JSON schema: Ollama constrains the answer to it. */
  format: Record<string, unknown>;
  numCtx: number;
}

/** How long a chat may go without a single streamed piece (loading a big model takes a while). */
export const DEFAULT_IDLE_TIMEOUT_MS = 180_000;

/**
 * One chat, streamed so that a long generation keeps the connection busy instead of running into
 * the client's timeout; only silence longer than `idleTimeoutMs` ends it. Returns the whole
 * `message.content`. `partial` receives what arrived so far, so a failed call can still be logged
 * with what the model said.
 */
export async function streamChat(
  call: ChatCall,
  host: string,
  signal: AbortSignal | undefined,
  partial: (text: string) => void,
  idleTimeoutMs: number = DEFAULT_IDLE_TIMEOUT_MS,
): Promise<string> {
  if (signal?.aborted) throw cancelled();
  const idle = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(), idleTimeoutMs);
  };
  const client = createOllamaClient(host, AbortSignal.any(signal ? [signal, idle.signal] : [idle.signal]));
  let text = '';
  try {
    arm();
    const stream = await client.chat({
      model: call.model,
      messages: call.messages,
      format: call.format,
      stream: true,
      options: { temperature: 0, num_ctx: call.numCtx },
    });
    for await (const part of stream) {
      arm();
      text += part.message.content;
      partial(text);
    }
    return text;
  } catch (error) {
    if (idle.signal.aborted && !signal?.aborted) {
      const seconds = Number((idleTimeoutMs / 1000).toFixed(1));
      throw new AppError(
        'SOURCE_ERROR',
        `Ollama at ${host} sent nothing for ${seconds} s with model "${call.model}". ` +
          'The model may be too large for this machine; try a smaller one.',
        { host, model: call.model },
      );
    }
    throw toOllamaError(error, host, call.model, signal);
  } finally {
    clearTimeout(timer);
  }
}
