import { useEffect, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { ViolationRowView, ViolationSortColumn } from '../../../shared/api/violations.js';
import { SeverityBadge, StatusBadge } from '../../ui/badges.js';
import { formatTime } from '../../ui/format.js';
import { ErrorBanner } from '../../ui/states.js';
import type { PagedLoader, LoaderState } from './paged-loader.js';
import type { ViolationSort } from './violation-filters.js';
import { pagesFor, realScrollTop, scrollHeight, scrollToReveal, virtualScrollTop, visibleRange } from './virtual-window.js';

export const ROW_HEIGHT = 34;

const COLUMNS: Array<{ id: ViolationSortColumn | null; label: string; className: string }> = [
  { id: 'id', label: '#', className: 'col-id num' },
  { id: 'severity', label: 'Severity', className: 'col-severity' },
  { id: 'status', label: 'Status', className: 'col-status' },
  { id: 'ruleId', label: 'Rule', className: 'col-rule' },
  { id: 'table', label: 'Table', className: 'col-table' },
  { id: null, label: 'Summary', className: 'col-record' },
  { id: 'firstSeenAt', label: 'First seen', className: 'col-time' },
];

interface Props {
  loader: PagedLoader<ViolationRowView>;
  state: LoaderState;
  queryKey: string;
  sort: ViolationSort;
  onSort(column: ViolationSortColumn): void;
  openId: number | null;
  onOpen(row: ViolationRowView): void;
}

/**
 * A grid of fixed-height rows where only what the viewport shows is in the DOM; the rows come
 * page by page from the loader. ↑/↓ move the selection, Enter opens it.
 */
export function ViolationsTable({ loader, state, queryKey, sort, onSort, openId, onOpen }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [selected, setSelected] = useState(0);
  const total = state.total ?? 0;

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    setViewport(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  // A new query starts at the top.
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
    setScrollTop(0);
    setSelected(0);
  }, [queryKey]);

  const bodyHeight = Math.max(0, viewport - ROW_HEIGHT);
  const virtualTop = virtualScrollTop(scrollTop, total, ROW_HEIGHT, bodyHeight);
  const { first, end } = visibleRange({ scrollTop: virtualTop, viewportHeight: bodyHeight, rowHeight: ROW_HEIGHT, total });

  useEffect(() => {
    loader.ensure(pagesFor(first, Math.max(end, first + 1), loader.pageSize));
  }, [loader, queryKey, first, end, state.version]);

  const moveTo = (index: number) => {
    if (total === 0) return;
    const next = Math.min(total - 1, Math.max(0, index));
    setSelected(next);
    const target = scrollToReveal(next, virtualTop, bodyHeight, ROW_HEIGHT);
    if (target !== null && scroller.current) scroller.current.scrollTop = realScrollTop(target, total, ROW_HEIGHT, bodyHeight);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor(bodyHeight / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: selected + 1, ArrowUp: selected - 1, PageDown: selected + page, PageUp: selected - page, Home: 0, End: total - 1 };
    if (e.key in moves) {
      e.preventDefault();
      moveTo(moves[e.key]!);
    } else if (e.key === 'Enter') {
      const row = loader.row(selected);
      if (row) {
        e.preventDefault();
        onOpen(row);
      }
    }
  };

  const rows: ReactElement[] = [];
  for (let i = first; i < end; i++) {
    const row = loader.row(i);
    const top = realScrollTop(virtualTop, total, ROW_HEIGHT, bodyHeight) + (i * ROW_HEIGHT - virtualTop);
    rows.push(
      <div
        key={i}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={i === selected}
        className={`vrow${i === selected ? ' selected' : ''}${row && row.id === openId ? ' open' : ''}`}
        style={{ transform: `translateY(${top}px)` }}
        data-testid={row ? 'violation-row' : 'violation-row-loading'}
        data-id={row?.id}
        data-connection={row?.connection}
        onClick={() => {
          setSelected(i);
          if (row) onOpen(row);
        }}
      >
        {row ? <RowCells row={row} /> : <div role="gridcell" className="vcell loading-cell">Loading…</div>}
      </div>,
    );
  }

  return (
    <div className="violations-table card" data-testid="violations-table">
      {state.error && <ErrorBanner error={state.error} onRetry={() => loader.retry()} />}
      <div
        ref={scroller}
        className="vscroll"
        role="grid"
        aria-label="Violations"
        aria-rowcount={total + 1}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div role="row" className="vrow vhead" aria-rowindex={1}>
          {COLUMNS.map((c) => (
            <div
              key={c.label}
              role="columnheader"
              className={`vcell ${c.className}`}
              aria-sort={c.id && sort.column === c.id ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
            >
              {c.id ? (
                <button type="button" className="sort-button" onClick={() => onSort(c.id!)} data-testid={`sort-${c.id}`}>
                  {c.label}
                  <span aria-hidden="true" className="sort-mark">
                    {sort.column === c.id ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </button>
              ) : (
                c.label
              )}
            </div>
          ))}
        </div>
        <div className="vbody" style={{ height: scrollHeight(total, ROW_HEIGHT) }}>
          {rows}
        </div>
      </div>
    </div>
  );
}

function RowCells({ row }: { row: ViolationRowView }) {
  return (
    <>
      <div role="gridcell" className="vcell col-id num">
        {row.id}
      </div>
      <div role="gridcell" className="vcell col-severity">
        <SeverityBadge severity={row.severity} />
      </div>
      <div role="gridcell" className="vcell col-status">
        <StatusBadge status={row.status} />
      </div>
      <div role="gridcell" className="vcell col-rule" title={`${row.ruleTitle} (${row.ruleId})`}>
        {row.ruleTitle}
      </div>
      <div role="gridcell" className="vcell col-table mono" title={`${row.connection}.${row.table}`}>
        {/* A rule can read several connections: the table alone would not say where the record lives. */}
        <span className="muted">{row.connection}.</span>
        {row.table}
      </div>
      <div role="gridcell" className="vcell col-record muted" title={row.summary}>
        {row.summary}
      </div>
      <div role="gridcell" className="vcell col-time" title={row.firstSeenAt}>
        {formatTime(row.firstSeenAt).slice(0, 10)}
      </div>
    </>
  );
}
