import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { rejection } from '../../../../test-support/rejection.js';
import { settleWorker, type SettleWorkerOptions, type WorkerEnd } from './settle-worker.js';

type Update = { type: 'tick'; n: number };

/** Enough of a Worker for the helper: events, postMessage, terminate. */
class FakeWorker extends EventEmitter {
  posted: unknown[] = [];
  terminated = 0;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  terminate(): Promise<number> {
    this.terminated += 1;
    return Promise.resolve(0);
  }
  send(message: Update | WorkerEnd<string> | { type: 'bogus' }): void {
    this.emit('message', message);
  }
}

function start(options: Partial<SettleWorkerOptions<Update>> = {}) {
  const worker = new FakeWorker();
  const ticks: number[] = [];
  const promise = settleWorker<Update, string>(worker as unknown as Worker, {
    name: 'test worker',
    crashCode: 'SCAN_FAILED',
    terminateWhenSettled: false,
    onAbort: () => undefined,
    onUpdate: (message, call) => {
      switch (message.type) {
        case 'tick':
          ticks.push(message.n);
          break;
        default:
          call.unexpected(message.type, message);
      }
    },
    ...options,
  });
  return { worker, ticks, promise };
}

describe('settleWorker', () => {
  it('passes updates on and resolves with the first end, ignoring what follows', async () => {
    const { worker, ticks, promise } = start({ start: () => undefined });
    worker.send({ type: 'tick', n: 1 });
    worker.send({ type: 'done', result: 'ok' });
    worker.send({ type: 'failed', error: { code: 'INTERNAL', message: 'late' } });
    worker.emit('exit', 1);
    await expect(promise).resolves.toBe('ok');
    expect(ticks).toEqual([1]);
    expect(worker.terminated).toBe(0);
  });

  it('rebuilds a failure as the AppError the worker serialised', async () => {
    const { worker, promise } = start();
    worker.send({ type: 'failed', error: { code: 'INVALID_INPUT', message: 'bad', details: { reason: 'x' } } });
    const error = await rejection(promise);
    expect([error.code, error.message, error.details]).toEqual(['INVALID_INPUT', 'bad', { reason: 'x' }]);
  });

  it('names the worker when it crashes, exits early or says something unknown', async () => {
    const crashed = start();
    crashed.worker.emit('error', new Error('boom'));
    expect((await rejection(crashed.promise)).message).toBe('The test worker failed: boom');

    const exited = start({ exitAdvice: 'Try again.' });
    exited.worker.emit('exit', 3);
    const exit = await rejection(exited.promise);
    expect([exit.code, exit.message]).toEqual(['SCAN_FAILED', 'The test worker stopped unexpectedly (exit code 3). Try again.']);

    const odd = start();
    odd.worker.send({ type: 'bogus' });
    const unexpected = await rejection(odd.promise);
    expect([unexpected.code, unexpected.message]).toEqual(['INTERNAL', 'Unexpected message from the test worker: {"type":"bogus"}']);
  });

  it('lets the abort handler settle the call, then terminates the thread when asked', async () => {
    const controller = new AbortController();
    const { worker, promise } = start({
      signal: controller.signal,
      terminateWhenSettled: true,
      onAbort: (call) => call.fail(new AppError('CANCELLED', 'stopped')),
      start: () => undefined,
    });
    controller.abort();
    expect((await rejection(promise)).code).toBe('CANCELLED');
    expect(worker.terminated).toBe(1);
  });

  it('runs start after the listeners are attached, so an immediate answer is not lost', async () => {
    const worker = new FakeWorker();
    const promise = settleWorker<Update, string>(worker as unknown as Worker, {
      name: 'test worker',
      crashCode: 'INTERNAL',
      terminateWhenSettled: false,
      onAbort: () => undefined,
      onUpdate: () => undefined,
      start: () => worker.send({ type: 'done', result: 'at once' }),
    });
    await expect(promise).resolves.toBe('at once');
  });
});
