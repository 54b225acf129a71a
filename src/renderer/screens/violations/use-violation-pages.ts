import { useLayoutEffect, useMemo, useSyncExternalStore } from 'react';
import type { ViolationFilter, ViolationRowView } from '../../../shared/api/violations.js';
import { getApi } from '../../api/get-api.js';
import { useApiEvent } from '../../api/use-api-query.js';
import { PagedLoader, type LoaderState } from './paged-loader.js';
import { queryKey, type ViolationSort } from './violation-filters.js';

export const PAGE_SIZE = 200;

export interface ViolationPages {
  loader: PagedLoader<ViolationRowView>;
  state: LoaderState;
  key: string;
}

/**
 * One loader for the screen's life: switching filter or sort points it at another query (the
 * table asks for pages in its own effects, which run after this layout effect), and any review
 * or scan drops the cached pages so what is on screen is fetched again.
 */
export function useViolationPages(filter: ViolationFilter, sort: ViolationSort): ViolationPages {
  const loader = useMemo(() => new PagedLoader<ViolationRowView>(PAGE_SIZE, 40), []);
  const key = queryKey(filter, sort);
  useLayoutEffect(() => {
    loader.setQuery(key, (offset, limit) => getApi().queryViolations({ filter, sort, offset, limit }));
    // `key` captures filter and sort entirely.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loader, key]);
  useApiEvent((event) => {
    if (event.type === 'data.changed' && event.what === 'violations') loader.invalidate();
    if (event.type === 'scan.finished') loader.invalidate();
  });
  const state = useSyncExternalStore(loader.subscribe, loader.getState);
  return { loader, state, key };
}
