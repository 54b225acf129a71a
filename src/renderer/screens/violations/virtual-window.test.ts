import { describe, expect, it } from 'vitest';
import { MAX_SCROLL_HEIGHT, pagesFor, realScrollTop, scrollHeight, scrollToReveal, virtualScrollTop, visibleRange } from './virtual-window.js';

describe('visibleRange', () => {
  it('renders only the rows in view plus the overscan', () => {
    expect(visibleRange({ scrollTop: 3400, viewportHeight: 340, rowHeight: 34, total: 1_000_000, overscan: 5 })).toEqual({ first: 95, end: 116 });
  });
  it('clamps at both ends', () => {
    expect(visibleRange({ scrollTop: 0, viewportHeight: 340, rowHeight: 34, total: 3, overscan: 5 })).toEqual({ first: 0, end: 3 });
    expect(visibleRange({ scrollTop: 0, viewportHeight: 340, rowHeight: 34, total: 0 })).toEqual({ first: 0, end: 0 });
  });
});

describe('pagesFor', () => {
  it('lists the pages a row range spans', () => {
    expect(pagesFor(190, 215, 200)).toEqual([0, 1]);
    expect(pagesFor(0, 200, 200)).toEqual([0]);
    expect(pagesFor(5, 5, 200)).toEqual([]);
  });
});

describe('scroll scaling for a million rows', () => {
  const total = 1_000_000;
  const rowHeight = 34;
  const viewport = 600;
  it('caps the spacer height under what browsers can draw', () => {
    expect(scrollHeight(total, rowHeight)).toBe(MAX_SCROLL_HEIGHT);
    expect(scrollHeight(100, rowHeight)).toBe(3400);
  });
  it('maps the bottom of the real scroll onto the last rows', () => {
    const bottom = MAX_SCROLL_HEIGHT - viewport;
    const virtual = virtualScrollTop(bottom, total, rowHeight, viewport);
    expect(virtual).toBeCloseTo(total * rowHeight - viewport, 3);
    expect(visibleRange({ scrollTop: virtual, viewportHeight: viewport, rowHeight, total, overscan: 0 }).end).toBe(total);
  });
  it('is the identity for small tables and round-trips for big ones', () => {
    expect(virtualScrollTop(500, 100, rowHeight, viewport)).toBe(500);
    const v = virtualScrollTop(1_234_567, total, rowHeight, viewport);
    expect(realScrollTop(v, total, rowHeight, viewport)).toBeCloseTo(1_234_567, 3);
  });
});

describe('scrollToReveal', () => {
  it('scrolls only when the row is out of view', () => {
    expect(scrollToReveal(5, 0, 340, 34)).toBeNull();
    expect(scrollToReveal(10, 0, 340, 34)).toBe(34);
    expect(scrollToReveal(2, 340, 340, 34)).toBe(68);
  });
});
