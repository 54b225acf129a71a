import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { routeHref } from '../../app/router.js';
import { StatusBadge } from '../../ui/badges.js';
import { formatCount, formatTime } from '../../ui/format.js';
import { ErrorBanner, Loading } from '../../ui/states.js';
import { describeRunError, describeTrigger } from './job-display.js';

const LIMIT = 20;

/** One job's latest executions, newest first, each error in full. Reloads when runs change. */
export function JobHistory({ name }: { name: string }) {
  const history = useApiQuery(() => getApi().jobHistory({ name, limit: LIMIT }), [name], ['runs']);
  if (history.error) return <ErrorBanner error={history.error} onRetry={history.reload} />;
  if (!history.data) return <Loading label="Loading history…" />;
  if (history.data.length === 0) {
    return (
      <p className="muted" data-testid="job-history" data-ready="true">
        No executions yet: it runs at its next time, or press “Run now”.
      </p>
    );
  }
  return (
    <table className="table job-history" data-testid="job-history" data-ready="true" aria-label={`History of ${name}`}>
      <thead>
        <tr>
          <th>Trigger</th>
          <th>Status</th>
          <th>Started</th>
          <th>Ended</th>
          <th className="num">Records</th>
          <th className="num">New violations</th>
          <th>Scan</th>
        </tr>
      </thead>
      <tbody>
        {history.data.map((run) => (
          <tr key={run.id} data-testid="job-execution" data-status={run.status} data-trigger={run.trigger}>
            <td className="job-time">
              {describeTrigger(run)}
              <div className="muted">{run.mode}</div>
            </td>
            <td>
              <StatusBadge status={run.status} />
              {run.error && (
                <div className="field-error job-error" data-testid="job-execution-error" title={`${run.error.code} at ${run.error.at}`}>
                  {describeRunError(run.error)}
                </div>
              )}
              {run.note && <div className="muted job-note">{run.note}</div>}
            </td>
            <td className="job-time" title={run.startedAt}>{formatTime(run.startedAt)}</td>
            <td className="job-time" title={run.finishedAt ?? undefined}>{formatTime(run.finishedAt)}</td>
            <td className="num">{formatCount(run.recordsScanned)}</td>
            <td className="num">{formatCount(run.violationsNew)}</td>
            <td>{run.runId !== null ? <a href={routeHref('scans', [String(run.runId)])}>#{run.runId}</a> : <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
