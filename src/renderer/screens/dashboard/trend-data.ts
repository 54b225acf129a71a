import type { SeverityCounts, TrendPoint } from '../../../shared/api/dashboard.js';
import type { Severity } from '../../../shared/rule.js';
import { SEVERITIES } from '../../../shared/rule.js';

/**
 * One chart row per day: opened counts above the axis, resolved counts below it (negative), so
 * one diverging stacked bar shows both by severity without a second chart.
 */
export type TrendRow = { day: string; openedTotal: number; resolvedTotal: number } & Record<`opened_${Severity}` | `resolved_${Severity}`, number>;

export function trendRows(trend: readonly TrendPoint[]): TrendRow[] {
  return trend.map((point) => {
    const row: TrendRow = { day: point.day, openedTotal: sum(point.opened), resolvedTotal: sum(point.resolved) } as TrendRow;
    for (const s of SEVERITIES) {
      row[`opened_${s}`] = point.opened[s] ?? 0;
      row[`resolved_${s}`] = -(point.resolved[s] ?? 0);
    }
    return row;
  });
}

export function sum(counts: SeverityCounts): number {
  return SEVERITIES.reduce((n, s) => n + (counts[s] ?? 0), 0);
}

export function hasActivity(trend: readonly TrendPoint[]): boolean {
  return trend.some((p) => sum(p.opened) > 0 || sum(p.resolved) > 0);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-11-03` → `Nov 3`: days are UTC calendar days, so no time zone shift. */
export function dayLabel(day: string): string {
  const [, m, d] = day.split('-');
  const month = MONTHS[Number(m) - 1];
  return month && d ? `${month} ${Number(d)}` : day;
}

/** How many ticks to skip so labels never overlap: about one a week on 30 days, two a month on 90. */
export function tickInterval(days: number): number {
  return days <= 31 ? 4 : 13;
}

/** Axis numbers without the minus sign of the resolved half. */
export function axisCount(value: number): string {
  const n = Math.abs(value);
  return n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}
