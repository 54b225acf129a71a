import { useCallback } from 'react';
import type { ViolationFilter, ViolationRowView, ViolationSortColumn } from '../../../shared/api/violations.js';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import type { Route } from '../../app/router.js';
import { routeHref, useRouter } from '../../app/router.js';
import { formatCount } from '../../ui/format.js';
import { EmptyState, PageHeader } from '../../ui/states.js';
import { BulkReview } from './bulk-review.js';
import { FilterBar } from './filter-bar.js';
import { useViolationPages } from './use-violation-pages.js';
import { filterFromParams, filterToParams, isFiltered, nextSort, sortFromParams } from './violation-filters.js';
import { ViolationDetailPanel } from './violation-detail.js';
import { ViolationsTable } from './violations-table.js';
import './violations.css';

/** `#/violations[/ID]?rule=&severity=&status=&connection=&table=&from=&to=&sort=&dir=` */
export function ViolationsScreen({ route }: { route: Route }) {
  const navigate = useRouter((s) => s.navigate);
  const filter = filterFromParams(route.params);
  const sort = sortFromParams(route.params);
  const openId = route.path[0] && /^\d+$/.test(route.path[0]) ? Number(route.path[0]) : null;
  const { loader, state, key } = useViolationPages(filter, sort);
  const rules = useApiQuery(() => getApi().listRules({}), [], ['rules']);
  const connections = useApiQuery(() => getApi().listConnections({}), [], ['connections']);

  const go = useCallback(
    (next: { filter?: ViolationFilter; sort?: typeof sort; openId?: number | null }) => {
      const id = next.openId === undefined ? openId : next.openId;
      navigate('violations', id === null ? [] : [String(id)], filterToParams(next.filter ?? filter, next.sort ?? sort));
    },
    [navigate, filter, sort, openId],
  );

  const ready = state.total !== null;
  const empty = ready && state.total === 0;

  return (
    <section className="screen violations-screen" data-screen="violations" data-ready={ready ? 'true' : 'false'} data-total={state.total ?? undefined} data-query={key}>
      <PageHeader
        title="Violations"
        subtitle={
          ready ? (
            <span data-testid="violations-total">
              {formatCount(state.total)} {isFiltered(filter) ? 'matching the filter' : 'in this workspace'}
            </span>
          ) : (
            'Loading…'
          )
        }
        actions={<BulkReview filter={filter} total={state.total} />}
      />
      <FilterBar filter={filter} rules={rules.data ?? []} connections={connections.data ?? []} onChange={(f) => go({ filter: f })} />
      {empty && !isFiltered(filter) ? (
        <EmptyState title="No violations yet" action={<a className="button primary" href={routeHref('scans')}>Go to Scans</a>}>
          Violations appear after a scan finds records that break an active rule. Add a connection, activate rules, then run a scan.
        </EmptyState>
      ) : (
        <div className={`split violations-split${openId === null ? ' no-detail' : ''}`}>
          <div className="violations-main">
            {empty ? (
              <EmptyState title="Nothing matches this filter" action={<button type="button" className="button" onClick={() => go({ filter: {} })}>Clear filters</button>}>
                Widen the filter: another severity or status, or a longer date range.
              </EmptyState>
            ) : (
              <ViolationsTable
                loader={loader}
                state={state}
                queryKey={key}
                sort={sort}
                onSort={(column: ViolationSortColumn) => go({ sort: nextSort(sort, column) })}
                openId={openId}
                onOpen={(row: ViolationRowView) => go({ openId: row.id })}
              />
            )}
          </div>
          {openId !== null && <ViolationDetailPanel key={openId} id={openId} onClose={() => go({ openId: null })} />}
        </div>
      )}
    </section>
  );
}
