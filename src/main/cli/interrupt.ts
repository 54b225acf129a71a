import type { Output } from './output.js';

/** Runs long work with Ctrl-C wired to its AbortSignal, so it stops cleanly instead of dying mid-write. */
export async function withInterrupt<T>(out: Output, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (): void => {
    out.note('Stopping…');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
  }
}
