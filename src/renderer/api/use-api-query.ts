import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiEvent, DataKind } from '../../shared/api.js';
import { getApi } from './get-api.js';

export interface QueryState<T> {
  data: T | null;
  error: Error | null;
  /** True while the first load (or a reload after an error) runs; stale data stays visible during refreshes. */
  loading: boolean;
  reload(): void;
}

/**
 * Loads data through the API and reloads it when `deps` change or when the core says one of the
 * `refreshOn` kinds of data changed. An answer that arrives after a newer request is dropped.
 */
export function useApiQuery<T>(load: () => Promise<T>, deps: readonly unknown[], refreshOn: readonly DataKind[] = []): QueryState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(() => {
    const mine = ++generation.current;
    setLoading((was) => was || data === null);
    loadRef.current().then(
      (value) => {
        if (mine !== generation.current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== generation.current) return;
        setError(e instanceof Error ? e : new Error(String(e)));
        setLoading(false);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `data` only decides the first spinner
  }, []);

  useEffect(run, deps);

  useApiEvent(
    (event) => {
      if (event.type === 'data.changed' && refreshOn.includes(event.what)) run();
    },
    [refreshOn.join(',')],
  );

  return { data, error, loading, reload: run };
}

/** Subscribes to core events for the life of the component. */
export function useApiEvent(listener: (event: ApiEvent) => void, deps: readonly unknown[] = []): void {
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => getApi().onEvent((event) => ref.current(event)), deps);
}
