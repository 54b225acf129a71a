import { useEffect, useState } from 'react';
import { formatCount, formatDuration } from '../../ui/format.js';
import { StatusBadge } from '../../ui/badges.js';
import { ErrorBanner } from '../../ui/states.js';
import { describeProgress, scanFraction } from './scan-progress.js';
import { useActiveScan } from './active-scan-store.js';

/** Elapsed time that keeps moving between progress events. */
function useElapsed(startMs: number | null, running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [running]);
  return startMs === null ? 0 : Math.max(0, now - startMs);
}

export function ScanPanel() {
  const { scan, error, start, cancel, dismiss } = useActiveScan();
  const running = scan !== null && scan.finished === null;
  const [startedAt, setStartedAt] = useState<number | null>(null);
  useEffect(() => {
    if (running && scan) setStartedAt(Date.now() - (scan.progress?.elapsedMs ?? 0));
    // Only when a different run starts: progress events must not reset the clock.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scan?.runId, running]);
  const elapsed = useElapsed(startedAt, running);
  const percent = scan ? Math.round(scanFraction(scan) * 100) : 0;

  return (
    <div className="card scan-panel" data-testid="scan-panel" data-state={scan ? (running ? 'running' : 'finished') : 'idle'} data-run={scan?.runId} data-progress-updates={scan?.updates ?? 0}>
      <div className="row">
        <h2 style={{ margin: 0 }}>Run a scan</h2>
        <span className="spacer" />
        {running ? (
          <button type="button" className="button danger" onClick={() => void cancel()} disabled={scan.cancelling} data-testid="scan-cancel">
            {scan.cancelling ? 'Cancelling…' : 'Cancel scan'}
          </button>
        ) : (
          <button type="button" className="button primary" onClick={() => void start()} data-testid="scan-run">
            Run all active rules now
          </button>
        )}
      </div>
      {error && <ErrorBanner error={error} />}
      {scan && (
        <div className="scan-progress" aria-live="polite">
          <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Scan progress">
            <div style={{ width: `${percent}%` }} />
          </div>
          <div className="row muted">
            <span data-testid="scan-progress-text">{describeProgress(scan)}</span>
            <span className="spacer" />
            {running && <span>{formatDuration(elapsed)} elapsed</span>}
          </div>
          {scan.finished && (
            <div className="row" data-testid="scan-finished">
              <StatusBadge status={scan.finished.status} />
              <span>
                {formatCount(scan.finished.recordsScanned)} records · {formatCount(scan.finished.violationsNew)} new · {formatCount(scan.finished.violationsOpen)} open ·{' '}
                {formatCount(scan.finished.violationsResolved)} resolved in {formatDuration(scan.finished.durationMs)}
              </span>
              {scan.finished.error && <span className="field-error">{scan.finished.error}</span>}
              <span className="spacer" />
              <button type="button" className="button small ghost" onClick={dismiss}>
                Dismiss
              </button>
            </div>
          )}
        </div>
      )}
      {!scan && <p className="muted" style={{ margin: '8px 0 0' }}>Scans every active rule against its source. Progress shows here; you can keep working meanwhile.</p>}
    </div>
  );
}
