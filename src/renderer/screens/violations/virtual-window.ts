export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  total: number;
  /** Extra rows drawn above and below so a quick scroll does not show blanks. */
  overscan?: number;
}

/** Rows `[first, end)` to render: only what the viewport shows, plus the overscan. */
export function visibleRange({ scrollTop, viewportHeight, rowHeight, total, overscan = 8 }: WindowInput): { first: number; end: number } {
  if (total <= 0 || rowHeight <= 0) return { first: 0, end: 0 };
  const top = Math.max(0, Math.floor(scrollTop / rowHeight));
  const shown = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const first = Math.min(total, Math.max(0, top - overscan));
  const end = Math.min(total, top + shown + overscan);
  return { first, end };
}

/** The page numbers that hold rows `[first, end)`. */
export function pagesFor(first: number, end: number, pageSize: number): number[] {
  if (end <= first) return [];
  const pages: number[] = [];
  for (let p = Math.floor(first / pageSize); p <= Math.floor((end - 1) / pageSize); p++) pages.push(p);
  return pages;
}

/**
 * Browsers cap an element's height (Chromium near 33 million px), so a million rows of 34 px
 * cannot be one tall spacer: past the cap the scroll position is scaled onto the row index.
 */
export const MAX_SCROLL_HEIGHT = 15_000_000;

export function scrollHeight(total: number, rowHeight: number): number {
  return Math.min(total * rowHeight, MAX_SCROLL_HEIGHT);
}

/** The virtual offset (as if every row had its full height) for a real scrollTop. */
export function virtualScrollTop(scrollTop: number, total: number, rowHeight: number, viewportHeight: number): number {
  const full = total * rowHeight;
  const real = scrollHeight(total, rowHeight);
  if (full <= real || real <= viewportHeight) return scrollTop;
  return (scrollTop / (real - viewportHeight)) * (full - viewportHeight);
}

/** The inverse: where to scroll so the virtual offset shows. */
export function realScrollTop(virtualTop: number, total: number, rowHeight: number, viewportHeight: number): number {
  const full = total * rowHeight;
  const real = scrollHeight(total, rowHeight);
  if (full <= real || full <= viewportHeight) return virtualTop;
  return (virtualTop / (full - viewportHeight)) * (real - viewportHeight);
}

/** The scrollTop that brings row `index` into view, or null when it already is. */
export function scrollToReveal(index: number, virtualTop: number, viewportHeight: number, rowHeight: number): number | null {
  const rowTop = index * rowHeight;
  if (rowTop < virtualTop) return rowTop;
  if (rowTop + rowHeight > virtualTop + viewportHeight) return rowTop + rowHeight - viewportHeight;
  return null;
}
