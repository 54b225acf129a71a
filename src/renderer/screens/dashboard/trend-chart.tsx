import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrendPoint } from '../../../shared/api/dashboard.js';
import { SEVERITIES } from '../../../shared/rule.js';
import { axisCount, dayLabel, hasActivity, tickInterval, trendRows, type TrendRow } from './trend-data.js';
import { useThemeColors } from './use-theme-colors.js';

const VARS = {
  critical: '--sev-critical',
  high: '--sev-high',
  medium: '--sev-medium',
  low: '--sev-low',
  text: '--text',
  muted: '--text-muted',
  border: '--border',
  surface: '--surface',
  surface2: '--surface-2',
} as const;

/** New violations above the axis, resolved ones below, stacked by severity. */
export function TrendChart({ trend, days }: { trend: readonly TrendPoint[]; days: 30 | 90 }) {
  const c = useThemeColors(VARS);
  const rows = trendRows(trend);
  if (!hasActivity(trend)) {
    return <p className="muted trend-empty">No violations were opened or resolved in the last {days} days.</p>;
  }
  return (
    <div className="trend-chart" data-testid="trend-chart" role="img" aria-label={`Violations opened and resolved per day over the last ${days} days`}>
      <ResponsiveContainer width="100%" height={280}>
        <BarChart data={rows} stackOffset="sign" margin={{ top: 8, right: 12, bottom: 4, left: 0 }} barCategoryGap={days === 30 ? '20%' : '10%'}>
          <CartesianGrid stroke={c.border} strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tickFormatter={dayLabel} interval={tickInterval(days)} tick={{ fill: c.muted, fontSize: 12 }} stroke={c.border} />
          <YAxis tickFormatter={axisCount} tick={{ fill: c.muted, fontSize: 12 }} stroke={c.border} width={44} allowDecimals={false} />
          <ReferenceLine y={0} stroke={c.muted} />
          <Tooltip cursor={{ fill: c.surface2 }} content={<TrendTooltip colors={c} />} />
          {SEVERITIES.map((s) => (
            <Bar key={`o-${s}`} dataKey={`opened_${s}`} name={`${s} opened`} stackId="t" fill={c[s]} isAnimationActive={false} />
          ))}
          {SEVERITIES.map((s) => (
            <Bar key={`r-${s}`} dataKey={`resolved_${s}`} name={`${s} resolved`} stackId="t" fill={c[s]} fillOpacity={0.45} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <div className="chart-legend" aria-hidden="true">
        {SEVERITIES.map((s) => (
          <span key={s} className="legend-item">
            <span className="swatch" style={{ background: c[s] }} /> {s}
          </span>
        ))}
        <span className="muted">Above the line: new violations · below (lighter): resolved</span>
      </div>
    </div>
  );
}

interface TooltipProps {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: TrendRow }>;
  colors: Record<keyof typeof VARS, string>;
}

function TrendTooltip({ active, payload, colors }: TooltipProps) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip" style={{ background: colors.surface, borderColor: colors.border, color: colors.text }}>
      <strong>{dayLabel(row.day)}</strong>
      <table>
        <thead>
          <tr>
            <th />
            <th className="num">New</th>
            <th className="num">Resolved</th>
          </tr>
        </thead>
        <tbody>
          {SEVERITIES.map((s) => (
            <tr key={s}>
              <td>
                <span className="swatch" style={{ background: colors[s] }} /> {s}
              </td>
              <td className="num">{row[`opened_${s}`]}</td>
              <td className="num">{-row[`resolved_${s}`]}</td>
            </tr>
          ))}
          <tr className="total">
            <td>Total</td>
            <td className="num">{row.openedTotal}</td>
            <td className="num">{row.resolvedTotal}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
