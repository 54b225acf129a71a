/**
 * The scanning thread's side of write-worker.ts: violations are handed over in groups and
 * committed on the worker's connection while the next rows are read. At most a few groups are in
 * flight (memory stays bounded, a failure surfaces soon); `settle` waits for all of them.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.js';
import { createLogger } from '../logger.js';
import { spawnWorker, workerEntry } from '../workers/spawn-worker.js';
import type { CellValue } from '../../../shared/schema.js';
import { violationTexts, type NewViolation, type ViolationTexts, type ViolationWriter, type WriterContext } from './violation-writer.js';
import { toColumns, type MapperSpec, type WriteWorkerCommand, type WriteWorkerData, type WriteWorkerReply } from './write-worker-protocol.js';
import { violationMapper, type ViolationMapper } from './violation-mapper.js';
import type { Engine } from '../sources/source.js';

const log = createLogger('background-writes');

const entry = workerEntry(import.meta.url, './write-worker.ts', 'write-worker');

/**
 * Groups handed over but not yet committed (over all passes) before a pass waits for the oldest.
 * Wide enough that reading runs ahead of the worker across a slow stretch and from one rule to the
 * next; at 1,000 violations a group this holds a few tens of MB at most.
 */
const MAX_IN_FLIGHT = 16;

/**
 * The writer's young generation (where V8 puts new objects), in MB. Left to V8, its new space grows
 * to 32 MB here (two 16 MB halves); capped at 12 MB it stays at 8 MB. The writer's objects (a
 * group's rows and texts) die within their group, and a small new space is collected while it is
 * still in the CPU cache, where a large one is faulted in and walked through memory. Measured on
 * the bench's 1,000,000-row first scan, writer thread CPU, medians of 8–10 in three sets:
 * 1,155–1,210 ms with V8's default, 985–1,035 ms capped at 8 or 12 MB, 1,120 ms at 16 MB.
 * A group larger than this only moves to the old generation sooner.
 */
const WRITER_YOUNG_GENERATION_MB = 12;

/** Writers of this thread that were told to close and have not exited yet (checkpointing). */
const exiting = new Set<Promise<void>>();

/**
 * Resolves once every writer this thread started has checkpointed and exited. A run does not wait
 * for its writer's checkpoint; whoever closes the workspace for good does, so the WAL is folded
 * into the file when that connection closes last.
 */
export async function writersExited(): Promise<void> {
  await Promise.allSettled([...exiting]);
}

interface Waiting {
  resolve(changed: number): void;
  reject(error: Error): void;
}

/**
 * Whether the thread that reads a source's rows also writes their snapshots and justifications.
 * A server (PostgreSQL, MySQL, MongoDB) works out its query in a process of its own: the reading
 * thread mostly waits on the network while the writer is the busy one, so the texts are written
 * here (measured on PostgreSQL, 100,000 violations: first scan 1.81 s against 1.93 s, medians of 8
 * runs). An engine in this process (SQLite, file extracts) keeps the reading thread busy with the
 * query itself, and the texts cost more to hand over than to write on the worker (SQLite: 1.57 s
 * with the worker writing them, 1.72 s with this thread taking some; CPU 2.4 s against 2.7 s).
 */
export function textsOnReader(engine: Engine): boolean {
  switch (engine) {
    case 'postgres':
    case 'mysql':
    case 'mongodb':
      return true;
    case 'sqlite':
    case 'files':
      return false;
    default: {
      const unknown: never = engine;
      throw new Error(`Unknown engine: ${String(unknown)}`);
    }
  }
}

/**
 * One pass's groups (one rule on one place): counted and settled on their own, so a pass can settle
 * while the next one already hands groups over.
 */
export class WritePass {
  private inFlight: Promise<number>[] = [];
  private changed = 0;
  private sent = false;
  private mapperId: number | null = null;
  private mapper: ViolationMapper | null = null;
  private readonly textsHere: boolean;

  constructor(
    private readonly owner: BackgroundWrites,
    engine: Engine | null,
  ) {
    this.textsHere = engine !== null && textsOnReader(engine);
  }

  /** Whether this pass has handed groups over: its later ones must follow the same way. */
  get started(): boolean {
    return this.sent;
  }

  /** Hands a group over; returns once few enough groups are waiting to be committed. */
  write(rows: NewViolation[], ctx: WriterContext, at: string): Promise<void> {
    return this.writeTexts(violationTexts(rows), ctx, at);
  }

  private writeTexts(texts: ViolationTexts, ctx: WriterContext, at: string): Promise<void> {
    if (texts.length === 0) return Promise.resolve();
    return this.track((seq) => ({ type: 'write', seq, texts, ctx, at }));
  }

  /**
   * Hands over a group of a rule's rows with their record keys. Their snapshots and justifications
   * are written on the thread with time for them (see `textsOnReader`): this one, or the worker
   * (from `spec`, learnt once per pass).
   */
  writeRows(values: CellValue[][], keys: string[], spec: MapperSpec, ctx: WriterContext, at: string): Promise<void> {
    if (values.length === 0) return Promise.resolve();
    if (this.textsHere) return this.writeTexts(this.textsOf(values, keys, spec), ctx, at);
    this.mapperId ??= this.owner.addMapper(spec);
    const id = this.mapperId;
    const columns = toColumns(values);
    return this.track((seq) => ({ type: 'records', seq, mapper: id, columns, keys, ctx, at }));
  }

  /**
   * The pass's last rows. When none of its rows were handed over and the worker is not ready yet,
   * they are committed on this thread: a small scan reads everything before the worker has started
   * (~0.1 s), and waiting for it cost a 10,000-row scan a third of its time. Counted and settled as
   * a group handed over is: a failure surfaces at `settle`. The worker writes nothing yet, so this
   * commit never waits for its lock.
   */
  writeLastRows(values: CellValue[][], keys: string[], spec: MapperSpec, ctx: WriterContext, at: string): Promise<void> {
    const here = this.sent ? null : this.owner.writerHere();
    if (here === null || values.length === 0) return this.writeRows(values, keys, spec, ctx, at);
    let done: Promise<number>;
    try {
      done = Promise.resolve(here.writeTexts(this.textsOf(values, keys, spec), ctx, at));
    } catch (error) {
      done = Promise.reject(error instanceof Error ? error : new Error(String(error)));
      done.catch(() => undefined);
    }
    this.inFlight.push(done);
    return Promise.resolve();
  }

  /** Snapshots and justifications of rows, written on this thread (the mapper learnt once per pass). */
  private textsOf(values: CellValue[][], keys: string[], spec: MapperSpec): ViolationTexts {
    const mapper = (this.mapper ??= violationMapper(spec.rule, spec.scope, spec.compiled, spec.asOf));
    const texts: ViolationTexts = [];
    for (let i = 0; i < values.length; i++) mapper.appendTexts(texts, values[i]!, keys[i]!);
    return texts;
  }

  /**
   * Waits until every group of this pass is committed (or failed) and returns how many rows they
   * changed since the last settle. Throws the first failure, after the others have finished.
   */
  async settle(): Promise<number> {
    let failure: unknown = null;
    while (this.inFlight.length > 0) {
      try {
        this.changed += await this.inFlight.shift()!;
      } catch (error) {
        failure ??= error;
      }
    }
    const changed = this.changed;
    this.changed = 0;
    if (failure !== null) throw failure;
    return changed;
  }

  private async track(command: (seq: number) => WriteWorkerCommand): Promise<void> {
    this.sent = true;
    const done = this.owner.post(command);
    this.inFlight.push(done);
    await this.owner.throttle();
  }
}

export class BackgroundWrites {
  private worker: Worker | null = null;
  private seq = 0;
  private mappers = 0;
  private readonly waiting = new Map<number, Waiting>();
  /** Every pass's groups not yet committed, oldest first: the window `throttle` keeps narrow. */
  private inFlight: Promise<unknown>[] = [];
  /** The pass the one-pass methods below (write/settle) use. */
  private readonly single = new WritePass(this, null);
  /** Set once the thread has stopped on its own: later groups fail at once instead of waiting forever. */
  private stopped: AppError | null = null;
  /** Whether anything was handed to the worker. */
  private used = false;

  /** Set once the worker has its connection: groups go to it from then on. */
  private ready = false;

  /** `here` is the scanning thread's own writer on the workspace (see `writerHere`). */
  constructor(
    private readonly workspacePath: string,
    private readonly here?: ViolationWriter,
  ) {}

  /** Whether the worker's module is there to start (a build without it writes in the scanning thread). */
  static available(): boolean {
    return existsSync(fileURLToPath(entry));
  }

  /** Starts the worker ahead of the first group, so its start-up overlaps the first reads. */
  prewarm(): void {
    this.start();
  }

  /** A new pass over a source of `engine`: its groups are counted and settled apart from other passes'. */
  pass(engine: Engine): WritePass {
    return new WritePass(this, engine);
  }

  /** One pass for callers that write one pass at a time (see `pass` for overlapping ones). */
  write(rows: NewViolation[], ctx: WriterContext, at: string): Promise<void> {
    return this.single.write(rows, ctx, at);
  }

  settle(): Promise<number> {
    return this.single.settle();
  }

  /** This thread's writer until the worker is ready (see `WritePass.writeLastRows`), then null. */
  writerHere(): ViolationWriter | null {
    return this.ready || this.stopped !== null ? null : (this.here ?? null);
  }

  /** Registers how a pass's rows become violations; returns the id its `records` groups name it by. */
  addMapper(spec: MapperSpec): number {
    this.used = true;
    const id = ++this.mappers;
    const command: WriteWorkerCommand = { type: 'mapper', id, spec };
    this.start().postMessage(command);
    return id;
  }

  /** Posts one group; the promise settles when the worker has committed it (or failed to). */
  post(command: (seq: number) => WriteWorkerCommand): Promise<number> {
    const worker = this.start();
    if (this.stopped) return Promise.reject(this.stopped);
    this.used = true;
    const seq = ++this.seq;
    const done = new Promise<number>((resolve, reject) => this.waiting.set(seq, { resolve, reject }));
    // Awaited by the pass's settle; this only keeps an early failure from being "unhandled".
    done.catch(() => undefined);
    this.inFlight.push(done);
    void done.then(
      () => this.forget(done),
      () => this.forget(done),
    );
    worker.postMessage(command(seq));
    return done;
  }

  /** Waits while too many groups are in flight; a group's failure is its pass's to report. */
  async throttle(): Promise<void> {
    while (this.inFlight.length > MAX_IN_FLIGHT) await this.inFlight[0]!.catch(() => undefined);
  }

  private forget(done: Promise<unknown>): void {
    const index = this.inFlight.indexOf(done);
    if (index >= 0) this.inFlight.splice(index, 1);
  }

  /** Waits until every group handed over is committed (or failed); the worker stays. */
  async drain(): Promise<void> {
    await Promise.allSettled(this.inFlight);
  }

  /**
   * Stops the worker once its queue is done; writes still in flight are committed first. The
   * worker checkpoints the WAL before it exits: the promise settles after that.
   */
  async close(): Promise<void> {
    const worker = this.worker;
    if (worker === null) return;
    this.worker = null;
    if (!this.used) {
      // Started ahead of writes that never came (they all fitted in one group): nothing to commit
      // or checkpoint, and it may not even have opened the workspace yet.
      await worker.terminate();
      return;
    }
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    exiting.add(exited);
    void exited.then(() => exiting.delete(exited));
    await this.drain();
    const command: WriteWorkerCommand = { type: 'close' };
    worker.postMessage(command);
    await exited;
  }

  private start(): Worker {
    if (this.worker !== null) return this.worker;
    const data: WriteWorkerData = { workspacePath: this.workspacePath };
    const worker = spawnWorker(entry, data, { maxYoungGenerationSizeMb: WRITER_YOUNG_GENERATION_MB });
    worker.on('message', (reply: WriteWorkerReply) => {
      if (reply.type === 'ready') {
        this.ready = true;
        return;
      }
      const waiting = this.waiting.get(reply.seq);
      if (!waiting) return;
      this.waiting.delete(reply.seq);
      if (reply.type === 'done') waiting.resolve(reply.changed);
      else waiting.reject(new AppError(reply.error.code, reply.error.message, reply.error.details));
    });
    const failAll = (error: AppError): void => {
      for (const waiting of this.waiting.values()) waiting.reject(error);
      this.waiting.clear();
    };
    worker.on('error', (error) => {
      log.error('the violation writer stopped', { error: String(error) });
      failAll(new AppError('SCAN_FAILED', `Writing violations failed: ${error.message}. Run the scan again.`));
    });
    worker.on('exit', () => {
      this.stopped = new AppError('SCAN_FAILED', 'The violation writer stopped unexpectedly. Run the scan again.');
      failAll(this.stopped);
    });
    this.worker = worker;
    return worker;
  }
}
