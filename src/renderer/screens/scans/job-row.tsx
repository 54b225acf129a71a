import { useState } from 'react';
import type { JobView } from '../../../shared/api/jobs.js';
import { getApi } from '../../api/get-api.js';
import { StatusBadge } from '../../ui/badges.js';
import { formatTime } from '../../ui/format.js';
import { describeAttempts, describeMode, describeRunError, isJobRunning } from './job-display.js';
import { JobHistory } from './job-history.js';

const COLUMNS = 6;

/** One job: what and when it runs, how it last went, and its actions; the history unfolds below. */
export function JobRow({ job, onRemove }: { job: JobView; onRemove(job: JobView): void }) {
  const [open, setOpen] = useState(false);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const running = isJobRunning(job);
  const historyId = `job-history-${job.name}`;

  const runNow = async () => {
    setStarting(true);
    setError(null);
    try {
      await getApi().runJobNow({ name: job.name });
      setOpen(true);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setStarting(false);
    }
  };

  const last = job.lastRun;
  return (
    <>
      <tr data-testid="job-row" data-name={job.name} data-status={last?.status ?? 'never'}>
        <td>
          <strong className="mono">{job.name}</strong>
          {!job.enabled && <div className="muted">disabled</div>}
        </td>
        <td>
          {job.scheduleText}
          <div className="muted">
            {describeMode(job)} · {describeAttempts(job.maxAttempts)}
          </div>
        </td>
        <td className="job-rules" title={job.rulesText}>
          {job.rulesText}
        </td>
        <td className="job-time" title={job.nextRunAt ?? undefined} data-testid="job-next-run">
          {job.nextRunAt ? formatTime(job.nextRunAt) : <span className="muted">—</span>}
        </td>
        <td data-testid="job-last">
          {last ? (
            <>
              <StatusBadge status={last.status} /> <span className="job-time" title={last.startedAt}>{formatTime(last.startedAt)}</span>
              {last.error && <div className="field-error job-error">{describeRunError(last.error)}</div>}
            </>
          ) : (
            <span className="muted">never run</span>
          )}
        </td>
        <td className="job-actions">
          <div className="job-actions-inner">
            <button type="button" className="button small" onClick={() => void runNow()} disabled={starting || running} data-testid="job-run-now">
              {running ? 'Running…' : starting ? 'Starting…' : 'Run now'}
            </button>
            <button type="button" className="button small" aria-expanded={open} aria-controls={historyId} onClick={() => setOpen((o) => !o)} data-testid="job-history-toggle">
              {open ? 'Hide history' : 'History'}
            </button>
            <button type="button" className="button small danger" onClick={() => onRemove(job)} aria-label={`Remove ${job.name}`} data-testid="job-remove">
              Remove
            </button>
          </div>
          {error && (
            <div className="field-error" role="alert" data-testid="job-run-error">
              {error.message}
            </div>
          )}
        </td>
      </tr>
      {open && (
        <tr className="job-history-row" id={historyId}>
          <td colSpan={COLUMNS}>
            <JobHistory name={job.name} />
          </td>
        </tr>
      )}
    </>
  );
}
