import type { RunSummary } from '../../../shared/api/scans.js';
import { routeHref } from '../../app/router.js';
import { StatusBadge } from '../../ui/badges.js';
import { formatCount, formatDuration, formatTime } from '../../ui/format.js';

/** The last scan's figures and when the next one is due. */
export function ScanCard({ lastRun, nextScheduledScan }: { lastRun: RunSummary | null; nextScheduledScan: string | null }) {
  return (
    <div className="card" data-testid="scan-card">
      <h2 className="card-title">Scans</h2>
      {lastRun ? (
        <dl className="kv">
          <dt>Last scan</dt>
          <dd>
            <a href={routeHref('scans', [String(lastRun.id)])} data-testid="last-run-link">
              Run #{lastRun.id}
            </a>{' '}
            <StatusBadge status={lastRun.status} />
          </dd>
          <dt>When</dt>
          <dd title={lastRun.startedAt}>
            {formatTime(lastRun.startedAt)}
            {lastRun.durationMs !== null && <span className="muted"> · took {formatDuration(lastRun.durationMs)}</span>}
          </dd>
          <dt>Records</dt>
          <dd>{formatCount(lastRun.recordsScanned)} scanned</dd>
          <dt>Violations</dt>
          <dd>
            {formatCount(lastRun.violationsNew)} new · {formatCount(lastRun.violationsOpen)} open · {formatCount(lastRun.violationsResolved)} resolved
          </dd>
          {lastRun.error && (
            <>
              <dt>Error</dt>
              <dd className="field-error">{lastRun.error}</dd>
            </>
          )}
        </dl>
      ) : (
        <p className="muted">
          No scan has run yet. <a href={routeHref('scans')}>Run one from Scans</a>.
        </p>
      )}
      <p className="next-scan" data-testid="next-scan">
        {nextScheduledScan ? (
          <>
            Next scheduled scan: <strong title={nextScheduledScan}>{formatTime(nextScheduledScan)}</strong>
          </>
        ) : (
          <span className="muted">
            No schedule: set one with <code>policysentinel job add</code> on the command line.
          </span>
        )}
      </p>
    </div>
  );
}
