import { describe, expect, it } from 'vitest';
import type { TrendPoint } from '../../../shared/api/dashboard.js';
import { axisCount, dayLabel, hasActivity, tickInterval, trendRows } from './trend-data.js';

const zero = { critical: 0, high: 0, medium: 0, low: 0 };

describe('trendRows', () => {
  it('puts opened above the axis and resolved below, by severity, with totals', () => {
    const trend: TrendPoint[] = [{ day: '2026-11-03', opened: { ...zero, high: 3, low: 1 }, resolved: { ...zero, critical: 2 } }];
    const [row] = trendRows(trend);
    expect(row).toMatchObject({ day: '2026-11-03', opened_high: 3, opened_low: 1, resolved_critical: -2, openedTotal: 4, resolvedTotal: 2 });
  });
  it('knows whether anything happened', () => {
    expect(hasActivity([{ day: '2026-11-03', opened: zero, resolved: zero }])).toBe(false);
    expect(hasActivity([{ day: '2026-11-03', opened: zero, resolved: { ...zero, low: 1 } }])).toBe(true);
  });
});

describe('axis labels', () => {
  it('reads days without a time zone shift', () => {
    expect(dayLabel('2026-11-03')).toBe('Nov 3');
    expect(dayLabel('2026-01-31')).toBe('Jan 31');
    expect(dayLabel('garbage')).toBe('garbage');
  });
  it('spaces ticks out more on 90 days', () => {
    expect(tickInterval(30)).toBeLessThan(tickInterval(90));
  });
  it('shows counts without the sign and shortens thousands', () => {
    expect(axisCount(-12)).toBe('12');
    expect(axisCount(1500)).toBe('1.5k');
    expect(axisCount(-25_000)).toBe('25k');
  });
});
