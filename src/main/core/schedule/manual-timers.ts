import type { TimerHandle, Timers } from './timers.js';

interface Pending {
  id: number;
  at: number;
  callback: () => void;
}

/** Timers driven by hand, for tests: time moves only when `advance` is called. */
export interface ManualTimers extends Timers {
  /** Moves time forward, firing every timer that falls due in order, letting promises settle after each. */
  advance(ms: number): Promise<void>;
  /** Lets pending promise callbacks run without moving time. */
  settle(): Promise<void>;
  pending(): number[];
}

async function flush(): Promise<void> {
  // A few macrotask turns: enough for chains of awaits inside the scheduler to complete.
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export function manualTimers(start: number): ManualTimers {
  let now = start;
  let nextId = 1;
  let timers: Pending[] = [];
  return {
    now: () => now,
    setTimeout(callback, ms): TimerHandle {
      const id = nextId++;
      timers.push({ id, at: now + Math.max(0, ms), callback });
      return { id };
    },
    clearTimeout(handle) {
      timers = timers.filter((t) => t.id !== handle.id);
    },
    async advance(ms) {
      const until = now + ms;
      await flush();
      for (;;) {
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = Math.max(now, due.at);
        due.callback();
        await flush();
      }
      now = until;
      await flush();
    },
    settle: flush,
    pending: () => timers.map((t) => t.at).sort((a, b) => a - b),
  };
}
