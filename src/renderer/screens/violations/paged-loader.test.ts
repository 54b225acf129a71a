import { describe, expect, it } from 'vitest';
import { PagedLoader, type Page } from './paged-loader.js';

interface Call {
  offset: number;
  limit: number;
  resolve(page: Page<number>): void;
  reject(e: Error): void;
}

/** A fetcher whose answers the test releases one by one, in any order. */
function controlledFetch() {
  const calls: Call[] = [];
  const fetch = (offset: number, limit: number) =>
    new Promise<Page<number>>((resolve, reject) => {
      calls.push({ offset, limit, resolve, reject });
    });
  return { calls, fetch };
}

function rows(offset: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => offset + i);
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('PagedLoader', () => {
  it('fetches only the pages asked for, once each, and sizes the total from the first answer', async () => {
    const { calls, fetch } = controlledFetch();
    const loader = new PagedLoader<number>(10, 40, 4);
    loader.setQuery('a', fetch);
    loader.ensure([2, 3]);
    loader.ensure([2, 3]);
    // Page 0 is asked too while the total is unknown.
    expect(calls.map((c) => c.offset)).toEqual([0, 20, 30]);
    expect(loader.getState().total).toBeNull();
    calls[1]!.resolve({ rows: rows(20, 10), total: 1_000_000 });
    await tick();
    expect(loader.getState().total).toBe(1_000_000);
    expect(loader.row(25)).toBe(25);
    expect(loader.row(35)).toBeUndefined();
  });

  it('never asks for pages past the end', async () => {
    const { calls, fetch } = controlledFetch();
    const loader = new PagedLoader<number>(10);
    loader.setQuery('a', fetch);
    loader.ensure([0]);
    calls[0]!.resolve({ rows: rows(0, 10), total: 15 });
    await tick();
    loader.ensure([1, 2, 3]);
    expect(calls.map((c) => c.offset)).toEqual([0, 10]);
  });

  it('does not show an answer for a query that is no longer current, but keeps it for later', async () => {
    const { calls, fetch } = controlledFetch();
    const loader = new PagedLoader<number>(10);
    loader.setQuery('a', fetch);
    loader.ensure([0]);
    loader.setQuery('b', fetch);
    loader.ensure([0]);
    calls[0]!.resolve({ rows: [100, 101], total: 2 });
    await tick();
    expect(loader.getState().total).toBeNull();
    expect(loader.row(0)).toBeUndefined();
    calls[1]!.resolve({ rows: [7], total: 1 });
    await tick();
    expect(loader.row(0)).toBe(7);
    // Back to "a": served from the cache, total included, without a new request.
    loader.setQuery('a', fetch);
    loader.ensure([0]);
    expect(calls).toHaveLength(2);
    expect(loader.getState().total).toBe(2);
    expect(loader.row(1)).toBe(101);
  });

  it('drops answers that started before an invalidation and reloads the pages on screen', async () => {
    const { calls, fetch } = controlledFetch();
    const loader = new PagedLoader<number>(10);
    loader.setQuery('a', fetch);
    loader.ensure([0]);
    calls[0]!.resolve({ rows: rows(0, 10), total: 50 });
    await tick();
    loader.ensure([3]);
    loader.invalidate();
    expect(calls.map((c) => c.offset)).toEqual([0, 30, 30]);
    calls[1]!.resolve({ rows: rows(1000, 10), total: 50 });
    await tick();
    expect(loader.row(30)).toBeUndefined();
    calls[2]!.resolve({ rows: rows(30, 10), total: 49 });
    await tick();
    expect(loader.row(30)).toBe(30);
    expect(loader.getState().total).toBe(49);
  });

  it('evicts the least recently used pages beyond its size', async () => {
    const { calls, fetch } = controlledFetch();
    const loader = new PagedLoader<number>(10, 2, 4);
    loader.setQuery('a', fetch);
    loader.ensure([0, 1]);
    calls[0]!.resolve({ rows: rows(0, 10), total: 100 });
    calls[1]!.resolve({ rows: rows(10, 10), total: 100 });
    await tick();
    loader.ensure([0]); // page 0 is now the most recent
    loader.ensure([2]);
    calls[2]!.resolve({ rows: rows(20, 10), total: 100 });
    await tick();
    expect(loader.row(0)).toBe(0);
    expect(loader.row(10)).toBeUndefined();
    expect(loader.row(20)).toBe(20);
  });

  it('reports an error once and retries the failed page on request', async () => {
    const { calls, fetch } = controlledFetch();
    const loader = new PagedLoader<number>(10);
    loader.setQuery('a', fetch);
    loader.ensure([0]);
    calls[0]!.reject(new Error('workspace closed'));
    await tick();
    expect(loader.getState().error?.message).toBe('workspace closed');
    loader.ensure([0]);
    expect(calls).toHaveLength(1);
    loader.retry();
    expect(loader.getState().error).toBeNull();
    expect(calls).toHaveLength(2);
  });

  it('during a fast scroll sends only the pages still wanted when a request slot frees', async () => {
    const { calls, fetch } = controlledFetch();
    const loader = new PagedLoader<number>(10, 40, 2);
    loader.setQuery('a', fetch);
    loader.ensure([0]);
    calls[0]!.resolve({ rows: rows(0, 10), total: 10_000 });
    await tick();
    for (let page = 1; page <= 50; page++) loader.ensure([page, page + 1]);
    // Two slots, taken by the first pages asked; everything passed since is never sent.
    expect(calls.map((c) => c.offset)).toEqual([0, 10, 20]);
    calls[1]!.resolve({ rows: rows(10, 10), total: 10_000 });
    await tick();
    expect(calls.map((c) => c.offset)).toEqual([0, 10, 20, 500]);
    calls[2]!.resolve({ rows: rows(20, 10), total: 10_000 });
    await tick();
    expect(calls.map((c) => c.offset)).toEqual([0, 10, 20, 500, 510]);
  });

  it('notifies subscribers with a new version on each change', async () => {
    const { calls, fetch } = controlledFetch();
    const loader = new PagedLoader<number>(10);
    let seen = 0;
    const off = loader.subscribe(() => seen++);
    loader.setQuery('a', fetch);
    loader.ensure([0]);
    const before = loader.getState().version;
    calls[0]!.resolve({ rows: [1], total: 1 });
    await tick();
    expect(loader.getState().version).toBeGreaterThan(before);
    off();
    const count = seen;
    loader.invalidate();
    expect(seen).toBe(count);
  });
});
