/** The timer API the scheduler and the lock use; tests hand in a manual one so nothing really waits. */
export interface Timers {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export interface TimerHandle {
  readonly id: number;
}

let nextId = 1;

/** Real time. `unref` timers (the heartbeat) do not keep a process alive on their own. */
export function systemTimers(options: { unref?: boolean } = {}): Timers {
  const live = new Map<number, NodeJS.Timeout>();
  return {
    now: () => Date.now(),
    setTimeout(callback, ms) {
      const id = nextId++;
      // Node caps timers at 2^31-1 ms; a longer wait is re-armed by the caller after it fires early.
      const timer = setTimeout(() => {
        live.delete(id);
        callback();
      }, Math.min(Math.max(0, ms), 2_147_483_647));
      if (options.unref) timer.unref();
      live.set(id, timer);
      return { id };
    },
    clearTimeout(handle) {
      const timer = live.get(handle.id);
      if (timer) clearTimeout(timer);
      live.delete(handle.id);
    },
  };
}
