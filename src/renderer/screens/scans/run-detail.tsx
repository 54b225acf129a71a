import { Fragment } from 'react';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { routeHref } from '../../app/router.js';
import { StatusBadge } from '../../ui/badges.js';
import { formatCount, formatDuration, formatTime } from '../../ui/format.js';
import { ErrorBanner, Loading } from '../../ui/states.js';
import type { RuleRunResult } from '../../../shared/api/scans.js';
import { placeRows } from './run-places.js';

export function RunDetail({ runId }: { runId: number }) {
  const detail = useApiQuery(() => getApi().getRun({ id: runId }), [runId], ['runs']);
  if (detail.error) return <ErrorBanner error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <Loading />;
  const { run, rules } = detail.data;
  return (
    <div className="card" data-testid="run-detail">
      <div className="row">
        <h2 style={{ margin: 0 }}>Run #{run.id}</h2>
        <StatusBadge status={run.status} />
      </div>
      <dl className="kv" style={{ margin: '10px 0' }}>
        <dt>Started</dt>
        <dd title={run.startedAt}>{formatTime(run.startedAt)}</dd>
        <dt>Finished</dt>
        <dd>{formatTime(run.finishedAt)}</dd>
        <dt>Data as of</dt>
        <dd>{formatTime(run.asOf)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(run.durationMs)}</dd>
        {run.error && (
          <>
            <dt>Error</dt>
            <dd className="field-error">{run.error}</dd>
          </>
        )}
      </dl>
      <table className="table">
        <thead>
          <tr>
            <th>Rule</th>
            <th>Status</th>
            <th className="num">Records</th>
            <th className="num">In scope</th>
            <th className="num">Violating</th>
            <th className="num">New</th>
            <th className="num">Resolved</th>
            <th className="num">Time</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <Fragment key={r.id}>
              <tr>
                <td>
                  <a href={routeHref('rules', [r.id])}>{r.title ?? r.id}</a>
                  <div className="muted mono">
                    {r.id} v{r.ruleVersion}
                  </div>
                  {r.error && (
                    <div className="field-error" data-testid="run-rule-error">
                      {r.error.message}
                    </div>
                  )}
                </td>
                <FigureCells figures={r} violationsHref={routeHref('violations', [], { rule: r.id })} />
              </tr>
              {placeRows(r).map((p) => (
                <tr key={`${r.id}:${p.mapping}`} className="run-place-row" data-testid="run-place-row" data-rule={r.id} data-connection={p.connection}>
                  <td>
                    <span className="run-place mono" title={p.role === 'main' ? 'The rule’s own table' : 'A further place (also check on)'}>
                      {p.place}
                    </span>
                    <span className="muted"> {p.role === 'main' ? 'main place' : 'also on'}</span>
                    {p.error && <div className="field-error">{p.error.message}</div>}
                  </td>
                  <FigureCells
                    figures={p}
                    violationsHref={routeHref('violations', [], p.violationParams)}
                    violationsLabel={`Open violations of ${r.id} in ${p.place}`}
                  />
                </tr>
              ))}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface Figures {
  status: RuleRunResult['status'];
  recordsScanned: number;
  recordsInScope: number;
  violationsOpen: number;
  violationsNew: number;
  resolved: number;
  durationMs: number;
}

/** The status and figure cells of a rule's row or of one of its places' rows. */
function FigureCells({ figures: f, violationsHref, violationsLabel }: { figures: Figures; violationsHref: string; violationsLabel?: string }) {
  return (
    <>
      <td>
        <StatusBadge status={f.status} />
      </td>
      <td className="num">{formatCount(f.recordsScanned)}</td>
      <td className="num">{formatCount(f.recordsInScope)}</td>
      <td className="num">
        <a href={violationsHref} aria-label={violationsLabel}>
          {formatCount(f.violationsOpen)}
        </a>
      </td>
      <td className="num">{formatCount(f.violationsNew)}</td>
      <td className="num">{formatCount(f.resolved)}</td>
      <td className="num">{formatDuration(f.durationMs)}</td>
    </>
  );
}
