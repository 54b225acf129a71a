import type { RunSummary } from '../../../shared/api/scans.js';
import { routeHref } from '../../app/router.js';
import { StatusBadge } from '../../ui/badges.js';
import { formatCount, formatDuration, formatTime } from '../../ui/format.js';

export function RunsTable({ runs, selected }: { runs: RunSummary[]; selected: number | null }) {
  return (
    <table className="table" data-testid="runs-table">
      <thead>
        <tr>
          <th>Run</th>
          <th>Status</th>
          <th>Started</th>
          <th className="num">Duration</th>
          <th className="num">Records</th>
          <th className="num">New</th>
          <th className="num">Open</th>
          <th className="num">Resolved</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} className={run.id === selected ? 'selected' : undefined}>
            <td>
              <a href={routeHref('scans', [String(run.id)])} aria-current={run.id === selected ? 'true' : undefined}>
                #{run.id}
              </a>
            </td>
            <td>
              <StatusBadge status={run.status} />
            </td>
            <td title={run.startedAt}>{formatTime(run.startedAt)}</td>
            <td className="num">{formatDuration(run.durationMs)}</td>
            <td className="num">{formatCount(run.recordsScanned)}</td>
            <td className="num">{formatCount(run.violationsNew)}</td>
            <td className="num">{formatCount(run.violationsOpen)}</td>
            <td className="num">{formatCount(run.violationsResolved)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
