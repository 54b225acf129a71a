/**
 * The main-thread side of a worker that answers once: it streams updates, then ends with one
 * `done` or one `failed` message. Whatever happens first (the answer, a crash, the thread exiting,
 * a cancellation the caller turns into an error) settles the promise; everything after is ignored.
 */
import type { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode, type SerializedError } from '../../../shared/errors.js';

/** The last message of every such worker. */
export type WorkerEnd<T> = { type: 'done'; result: T } | { type: 'failed'; error: SerializedError };

/** What update handlers and the abort handler may do to the pending call. */
export interface WorkerCall {
  /** True once the call has an outcome; later updates are stale. */
  readonly settled: boolean;
  /** Ends the call with this error, unless it already ended. */
  fail(error: AppError): void;
  /**
   * Ends the call because the worker sent a message its protocol does not have. Pass the switched-on
   * `message.type` first: typed `never`, it makes the compiler check every update was handled.
   */
  unexpected(type: never, message: unknown): void;
}

export interface SettleWorkerOptions<U> {
  /** How messages name the worker: "scan worker", "PDF reader". */
  name: string;
  /** The code of the error when the thread crashes or exits without answering. */
  crashCode: ErrorCode;
  /** Appended to the "stopped unexpectedly" message: what the user can do about it. */
  exitAdvice?: string;
  /** Terminate the thread once settled, for work that cannot be asked to stop. */
  terminateWhenSettled: boolean;
  signal?: AbortSignal | undefined;
  /** Called once when the signal aborts while the call is pending. */
  onAbort(call: WorkerCall): void;
  /** Every message that is not the end: a switch over `message.type` ending in `call.unexpected`. */
  onUpdate(message: U, call: WorkerCall): void;
  /** Called after the listeners are attached, e.g. to post the input. */
  start?(): void;
}

function isEnd<T>(message: { type: string }): message is WorkerEnd<T> {
  return message.type === 'done' || message.type === 'failed';
}

export function settleWorker<U extends { type: string }, T>(worker: Worker, options: SettleWorkerOptions<U>): Promise<T> {
  const { name, crashCode, exitAdvice, terminateWhenSettled, signal } = options;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      outcome();
      if (terminateWhenSettled) void worker.terminate();
    };
    const call: WorkerCall = {
      get settled() {
        return settled;
      },
      fail: (error) => finish(() => reject(error)),
      unexpected: (_type, message) => finish(() => reject(new AppError('INTERNAL', `Unexpected message from the ${name}: ${JSON.stringify(message)}`))),
    };
    const onAbort = (): void => options.onAbort(call);
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (message: U | WorkerEnd<T>) => {
      if (!isEnd<T>(message)) {
        options.onUpdate(message, call);
        return;
      }
      switch (message.type) {
        case 'done':
          finish(() => resolve(message.result));
          break;
        case 'failed': {
          const { code, message: text, details } = message.error;
          finish(() => reject(new AppError(code, text, details)));
          break;
        }
        default:
          call.unexpected(message, message);
      }
    });
    worker.on('error', (error) => finish(() => reject(new AppError(crashCode, `The ${name} failed: ${error.message}`))));
    worker.on('exit', (code) => {
      const advice = exitAdvice === undefined ? '' : ` ${exitAdvice}`;
      finish(() => reject(new AppError(crashCode, `The ${name} stopped unexpectedly (exit code ${code}).${advice}`)));
    });
    options.start?.();
  });
}
