export interface Page<T> {
  rows: T[];
  total: number;
}

export type FetchPage<T> = (offset: number, limit: number) => Promise<Page<T>>;

export interface LoaderState {
  /** Every row matching the current query; null until its first answer. */
  total: number | null;
  error: Error | null;
  /** Bumped on every change, for React's useSyncExternalStore. */
  version: number;
}

/**
 * Fetches fixed-size pages of one query as a viewport needs them, and keeps the last few pages
 * of each query it saw (keyed by query + page) so going back to a filter shows rows at once.
 * An answer for a query (or a data epoch) that is no longer current is stored or dropped, but
 * never shown.
 */
export class PagedLoader<T> {
  private readonly cache = new Map<string, T[]>();
  private readonly cachedTotals = new Map<string, number>();
  private readonly inflight = new Set<string>();
  private readonly failed = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private key = '';
  private fetchPage: FetchPage<T> | null = null;
  private epoch = 0;
  private lastWanted: number[] = [];
  private state: LoaderState = { total: null, error: null, version: 0 };

  /**
   * @param maxInFlight requests sent at once: a fast scroll asks for many pages it has already
   *   passed, so only the pages wanted when a slot frees are sent, not a backlog the core would
   *   work through one by one.
   */
  constructor(
    readonly pageSize = 200,
    private readonly maxPages = 40,
    private readonly maxInFlight = 2,
  ) {}

  getState = (): LoaderState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Switches to another query; its rows come from the cache when they are there. */
  setQuery(key: string, fetchPage: FetchPage<T>): void {
    if (key === this.key && this.fetchPage) return;
    this.key = key;
    this.fetchPage = fetchPage;
    this.failed.clear();
    this.lastWanted = [];
    this.update({ total: this.cachedTotals.get(key) ?? null, error: null });
  }

  /** The row at `index`, or undefined while its page loads. */
  row(index: number): T | undefined {
    const page = Math.floor(index / this.pageSize);
    return this.cache.get(this.cacheKey(this.key, page))?.[index - page * this.pageSize];
  }

  /** Asks for the pages holding rows `[first, end)` (and page 0 while the total is unknown). */
  ensure(pages: number[]): void {
    const wanted = this.state.total === null && !pages.includes(0) ? [0, ...pages] : pages;
    this.lastWanted = wanted;
    this.pump();
  }

  /** The data changed under us: forget every page and reload what is on screen. */
  invalidate(): void {
    this.epoch++;
    this.cache.clear();
    this.cachedTotals.clear();
    this.inflight.clear();
    this.failed.clear();
    if (!this.lastWanted.length) this.lastWanted = [0];
    this.pump();
  }

  /** After an error: try the failed pages again. */
  retry(): void {
    this.failed.clear();
    this.update({ error: null });
    this.ensure(this.lastWanted.length ? this.lastWanted : [0]);
  }

  private pump(): void {
    for (const page of this.lastWanted) {
      if (this.inflight.size >= this.maxInFlight) return;
      this.load(page);
    }
  }

  private load(page: number): void {
    const fetchPage = this.fetchPage;
    if (!fetchPage || page < 0) return;
    if (this.state.total !== null && page * this.pageSize >= this.state.total && page > 0) return;
    const key = this.key;
    const ck = this.cacheKey(key, page);
    if (this.cache.has(ck)) {
      this.touch(ck);
      return;
    }
    if (this.inflight.has(ck) || this.failed.has(ck)) return;
    this.inflight.add(ck);
    const epoch = this.epoch;
    fetchPage(page * this.pageSize, this.pageSize).then(
      (answer) => {
        if (epoch !== this.epoch) return;
        this.inflight.delete(ck);
        this.put(ck, answer.rows);
        this.cachedTotals.set(key, answer.total);
        if (key === this.key) this.update({ total: answer.total, error: null });
        this.pump();
      },
      (e: unknown) => {
        if (epoch !== this.epoch) return;
        this.inflight.delete(ck);
        if (key === this.key) {
          this.failed.add(ck);
          this.update({ error: e instanceof Error ? e : new Error(String(e)) });
        }
        this.pump();
      },
    );
  }

  private put(ck: string, rows: T[]): void {
    this.cache.set(ck, rows);
    while (this.cache.size > this.maxPages) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }

  /** Keeps a page that is still looked at from being the first one evicted. */
  private touch(ck: string): void {
    const rows = this.cache.get(ck);
    if (!rows) return;
    this.cache.delete(ck);
    this.cache.set(ck, rows);
  }

  private cacheKey(key: string, page: number): string {
    return `${key}#${page}`;
  }

  private update(patch: Partial<Omit<LoaderState, 'version'>>): void {
    this.state = { ...this.state, ...patch, version: this.state.version + 1 };
    for (const listener of this.listeners) listener();
  }
}
